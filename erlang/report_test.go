package erlang

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestReportWrite(t *testing.T) {
	in := CInput{RatePerSecond: 100.0 / 3600, AHT: 3 * time.Minute, Agents: 7, Within: 20 * time.Second}
	c := CReport(in, "100/h", CResult{PWait: 0.25, ASASeconds: 12.5, ServiceLevel: 0.8, Occupancy: 0.7142857})
	a := AReport(AInput{CInput: in, Patience: 2 * time.Minute}, " 100/h ", AResult{PWait: 0.2, ASASeconds: 10, ServiceLevel: 0.75,
		Occupancy: 0.7, AbandonRate: 0.05, AbandonWaitSeconds: 40})
	cases := []struct {
		name string
		rep  Report
		json string
		text []string // lines of the text, in order
	}{
		{"Erlang C", c,
			`{"p_wait":0.25,"asa_seconds":12.5,"service_level":0.8,"occupancy":0.7142857}` + "\n",
			[]string{
				"Erlang C (M/M/c): rate 100/h, AHT 3m0s, 7 agents, offered load 5.00 Erlang (ρ = 0.71)",
				"  p_wait                    25.00 %  conversations that find no agent free",
				"  asa_seconds               12.50 s  mean wait until an agent accepts",
				"  service_level             80.00 %  accepted within 20s",
				"  occupancy                 71.43 %  agent time busy",
			}},
		{"Erlang A", a,
			`{"p_wait":0.2,"asa_seconds":10,"service_level":0.75,"occupancy":0.7,"abandon_rate":0.05,"abandon_wait_seconds":40}` + "\n",
			[]string{
				"Erlang A (M/M/c+M): rate 100/h, AHT 3m0s, 7 agents, offered load 5.00 Erlang (ρ = 0.71), mean patience 2m0s",
				"  p_wait                    20.00 %  conversations that find no agent free",
				"  asa_seconds               10.00 s  mean wait of accepted conversations",
				"  service_level             75.00 %  accepted within 20s ÷ all conversations",
				"  occupancy                 70.00 %  agent time busy",
				"  abandon_rate               5.00 %  conversations that abandon",
				"  abandon_wait_seconds      40.00 s  mean time to abandon of those who abandon",
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var j, txt bytes.Buffer
			if err := tc.rep.WriteJSON(&j); err != nil || j.String() != tc.json {
				t.Errorf("JSON %q (%v), want %q", j.String(), err, tc.json)
			}
			if err := tc.rep.WriteText(&txt); err != nil {
				t.Fatal(err)
			}
			if want := strings.Join(tc.text, "\n") + "\n"; txt.String() != want {
				t.Errorf("text:\n%s\nwant:\n%s", txt.String(), want)
			}
		})
	}
}
