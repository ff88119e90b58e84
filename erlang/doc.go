// Package erlang computes the two classic analytic models of a contact-center queue,
// used to size agent groups and to check the simulator against theory.
//
// Both models assume Poisson arrivals at a constant rate λ, exponential handle times
// with mean AHT (service rate μ = 1/AHT), c identical agents each handling one
// conversation at a time, one first-come-first-served queue, and a steady state: the
// results describe an interval long enough for the queue to forget how it started.
// Asynchronous messaging fits them when a conversation holds one unit of an agent's
// capacity from accept to close; an agent with concurrency k is then k "agents" here,
// which is optimistic because replies slow down with concurrency.
//
// Erlang C (M/M/c, Erlang 1917) lets every customer wait as long as it takes. It has a
// steady state only while the offered load A = λ·AHT (in Erlang) is below c, i.e.
// ρ = A/c < 1. The probability of waiting is C(c, A) = c·B/(c − A·(1 − B)), where B is
// the Erlang B (loss) probability, computed with the recursion B(0) = 1,
// B(k) = A·B(k−1)/(k + A·B(k−1)); unlike the textbook sum of A^k/k! it neither
// overflows nor cancels for thousands of agents. The wait of those who wait is
// exponential with rate cμ − λ, so ASA = C·AHT/(c − A) and the service level is
// 1 − C·exp(−(c − A)·t/AHT). See Gross, Shortle, Thompson and Harris, "Fundamentals of
// Queueing Theory" (4th ed., 2008), §2.3, and Koole, "Call Center Optimization"
// (2013).
//
// Erlang A (M/M/c+M, Palm 1943; Garnett, Mandelbaum and Reiman, "Designing a call
// center with impatient customers", M&SOM 4(3), 2002) adds abandonment: each waiting
// customer leaves after an exponential patience with mean 1/θ unless an agent accepts
// the conversation first. The number in system is then a birth–death chain with birth
// rate λ and death rate min(n, c)·μ + max(n − c, 0)·θ, stable for every load, so
// ρ ≥ 1 is allowed. A solves that chain exactly: stationary probabilities in log space
// (no overflow), truncated where the remaining tail is below 1e-16, and an arriving
// customer sees them (PASTA). A customer who arrives with j others waiting ahead
// advances at rate cμ + kθ while k are ahead (an agent frees up or one of them
// abandons) and abandons at rate θ, so it is served with probability cμ/(cμ + (j+1)θ),
// its time to service on that path is a sum of exponentials with rates
// cμ + θ + kθ, k = j…0, whose distribution function is the regularized incomplete
// beta function I_x(j+1, cμ/θ + 1) with x = 1 − exp(−θt) (a negative binomial tail,
// summed by recursion), and its mean wait is (j+1)/(cμ + (j+1)θ). From these A gives,
// exactly up to rounding: the mean wait of served customers (ASA), the mean time to
// abandon of those who abandon, the abandon rate θ·E[queue]/λ and the service level
// counted as WFM reports do: accepted within t ÷ all arrivals, abandoned ones in the
// denominator only. As patience grows Erlang A tends to Erlang C, and as it shrinks to
// Erlang B (blocked customers leave at once). See Mandelbaum and Zeltyn, "The impact
// of customers' patience on delay and abandonment: some empirically-driven experiments
// with the M/M/n+G queue", OR Spectrum 26, 2004, for the same measures in closed form.
//
// Errors name the input field (see InputError) so that a command line can point at
// the flag.
package erlang
