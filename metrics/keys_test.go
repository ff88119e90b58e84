package metrics

import "testing"

func TestKeys(t *testing.T) {
	seen := map[string]bool{}
	for i, k := range Keys {
		if seen[k] {
			t.Errorf("duplicate key %s", k)
		}
		seen[k] = true
		if Index(k) != i {
			t.Errorf("Index(%s) = %d, want %d", k, Index(k), i)
		}
	}
	if Index("nope") != -1 {
		t.Error("unknown key has an index")
	}
	for k := range shares {
		if !seen[k] {
			t.Errorf("share %s is not a key", k)
		}
	}
	if !IsShare("service_level") || IsShare("asa_seconds") || !IsSeconds("asa_seconds") || IsSeconds("utilization") {
		t.Error("classification is wrong")
	}
	if Keys[Stable-1] != "cost" {
		t.Errorf("the stable keys end with cost, got %s", Keys[Stable-1])
	}
}
