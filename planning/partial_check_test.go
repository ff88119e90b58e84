package planning

import (
	"strings"
	"testing"
)

// TestReadPartialTuneShard: a tune-bot partial holding a point of another shard
// (point k belongs to shard (k mod N)+1) or without a fingerprint is refused with
// the file named; both were read before.
func TestReadPartialTuneShard(t *testing.T) {
	for _, tt := range []struct{ name, json, want string }{
		{"other shard's point", `{"format":"omnisim-partial/1","kind":"tune-bot","shard":"1/2","fingerprint":"ab","tune":{"objective":"min-cost","total_points":4,"points":[{"point":1,"result":{}}]}}`,
			"t.json: tune.points: point 1 belongs to shard 2/2, not 1/2"},
		{"no fingerprint", `{"format":"omnisim-partial/1","kind":"tune-bot","shard":"1/2","tune":{"objective":"min-cost","total_points":4,"points":[{"point":0,"result":{}}]}}`,
			"t.json: no fingerprint"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPartial("t.json", strings.NewReader(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}
