package erlang

import (
	"errors"
	"math"
	"testing"
	"time"
)

// FuzzModels: for any input, C and A either refuse it with an *InputError or return
// finite shares in [0, 1] and finite, non-negative waits, never panicking.
func FuzzModels(f *testing.F) {
	f.Add(120.0/3600, int64(4*time.Minute), 10, int64(30*time.Second), int64(2*time.Minute))
	f.Add(1e-9, int64(time.Second), 1000, int64(0), int64(time.Nanosecond))
	f.Add(50.0, int64(time.Hour), 3, int64(time.Hour), int64(time.Second))
	f.Add(2.0, int64(time.Second), 2, int64(-1), int64(0))
	f.Fuzz(func(t *testing.T, rate float64, aht int64, agents int, within, patience int64) {
		if agents > 20000 {
			agents %= 20000 // keep each run fast
		}
		in := CInput{RatePerSecond: rate, AHT: time.Duration(aht), Agents: agents, Within: time.Duration(within)}
		check := func(model string, err error, shares, waits []float64) {
			if err != nil {
				var ie *InputError
				if !errors.As(err, &ie) {
					t.Fatalf("%s(%+v): %v is not an *InputError", model, in, err)
				}
				return
			}
			for _, v := range shares {
				if !(v >= 0 && v <= 1+1e-12) {
					t.Fatalf("%s(%+v): share %v outside [0, 1]", model, in, v)
				}
			}
			for _, v := range waits {
				if !(v >= 0) || math.IsInf(v, 0) {
					t.Fatalf("%s(%+v): wait %v", model, in, v)
				}
			}
		}
		rc, err := C(in)
		check("C", err, []float64{rc.PWait, rc.ServiceLevel, rc.Occupancy}, []float64{rc.ASASeconds})
		ra, err := A(AInput{CInput: in, Patience: time.Duration(patience)})
		check("A", err, []float64{ra.PWait, ra.ServiceLevel, ra.Occupancy, ra.AbandonRate}, []float64{ra.ASASeconds, ra.AbandonWaitSeconds})
	})
}
