// Package dist provides the probability distributions of a scenario: message counts,
// pauses, patience, agent response times, bot confidence and the like.
//
// A distribution is written in a scenario file as a family and its parameters
// (DESIGN.md, "Distributions everywhere"), parsed into a Spec, and validated once by
// New into a Dist, which the simulator then samples millions of times with an
// explicit random stream. Parsing, validation and sampling are separate so that a
// bad scenario fails at load time with a one-line error naming the parameter, and
// so that sampling is a pure function of the Dist and the stream: a replication
// that owns its *rand.Rand is reproducible from its seed.
//
// Values are in the distribution's own unit; durations are seconds. The families,
// their parameters and their means are
//
//	family      parameters        requires                 mean
//	constant    {value}                                    value
//	exponential {mean}            mean > 0                 mean
//	lognormal   {median, sigma}   median > 0, sigma ≥ 0    median·exp(sigma²/2)
//	            {mean, sigma}     mean > 0, sigma ≥ 0      mean
//	gamma       {shape, scale}    shape, scale > 0         shape·scale
//	            {shape, mean}     shape, mean > 0          mean
//	weibull     {shape, scale}    shape, scale > 0         scale·Γ(1 + 1/shape)
//	uniform     {min, max}        min ≤ max                (min + max)/2
//	beta        {alpha, beta}     alpha, beta > 0          alpha/(alpha + beta)
//	geometric   {mean}            mean ≥ 1                 mean
//	empirical   {values, weights} weights ≥ 0, not all 0   Σ wᵢvᵢ / Σ wᵢ
//	mixture     [{weight, …}, …]  weights ≥ 0, sum to 1    Σ wᵢ·meanᵢ
//
// Every parameter must be finite, and so must the mean.
//
// A lognormal is exp(mu + sigma·Z) for a standard normal Z, with mu = ln(median), or
// mu = ln(mean) - sigma²/2 in the mean form. The geometric distribution counts
// trials up to and including the first success, on 1, 2, 3, … with success
// probability p = 1/mean: a conversation has at least one message. An empirical
// distribution picks one of its values, with probability proportional to its
// weight (equal weights if none are given). A mixture picks a component by weight
// and samples it; components may be mixtures themselves.
//
// Sample is written for the simulator's hot path: it switches on the family, does
// not allocate and calls no interface. Exponential, normal and uniform variates come
// straight from math/rand/v2 (ExpFloat64, NormFloat64, Float64); weibull and
// geometric use inversion; gamma uses the Marsaglia–Tsang rejection method and beta
// the ratio of two gammas, rather than gonum's stat/distuv, whose samplers allocate
// a generator per draw (the tests cross-check both against distuv's CDFs); empirical
// and mixture choices are a binary search in cumulative weights built by New.
//
// The zero Dist is not a distribution: IsZero reports it, and it samples 0.
package dist
