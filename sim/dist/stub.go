package dist

import (
	"errors"
	"math/rand/v2"
)

// Dist is a validated distribution, sampled with an explicit stream.
// (Stub: replaced by the real implementation.)
type Dist struct{ mean float64 }

// New validates s and builds the distribution.
func New(s Spec) (Dist, error) { return Dist{}, errors.New("dist: not implemented") }

// Sample draws one value.
func (d *Dist) Sample(r *rand.Rand) float64 { return d.mean }

// Mean is the distribution's mean.
func (d *Dist) Mean() float64 { return d.mean }
