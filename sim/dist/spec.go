package dist

// Spec is the parsed, not yet validated, form of a distribution as written in a
// scenario file (DESIGN.md, "Distributions everywhere"). Kind names the family; only
// the parameters of that family may be set. Durations are given in seconds: the
// scenario loader converts `45s` to 45 before it fills a Spec.
//
//	constant    {value}
//	exponential {mean}
//	lognormal   {median, sigma} or {mean, sigma}
//	gamma       {shape, scale} or {shape, mean}
//	weibull     {shape, scale}
//	uniform     {min, max}
//	beta        {alpha, beta}
//	geometric   {mean}            on 1, 2, 3, …
//	empirical   {values, weights} weights optional (equal)
//	mixture     [{weight, …component…}, …]
type Spec struct {
	Kind string

	// Set records which numeric parameters were given, so that "mean: 0" is told
	// apart from a missing mean. Keys are the parameter names above. New also
	// counts a parameter as given when its field is non-zero (a non-empty slice),
	// so a Spec written in Go needs Set only for parameters that are 0.
	Set map[string]bool

	Value, Mean, Median, Sigma float64
	Shape, Scale               float64
	Min, Max                   float64
	Alpha, Beta                float64
	Values, Weights            []float64

	// Components of a mixture, each with its Weight.
	Components []Component
}

// Component is one weighted part of a mixture.
type Component struct {
	Weight float64
	Spec   Spec
}
