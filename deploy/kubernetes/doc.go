// Package kubernetes holds omnisim's Kubernetes manifests (a Kustomize base: the scenario
// ConfigMap, the results claim, Indexed Jobs for sweep, tune-bot and load, and the merge
// Job) and Check, which reads them as the API server would: every document decoded
// strictly into the k8s.io/api types (an unknown field is an error), the kustomization
// listing exactly the files present, and each Indexed Job's contract — completionMode
// Indexed, JOB_COMPLETIONS equal to .spec.completions, $(VAR)s in args only of declared
// env vars, a per-index --out — with the merge Job listing one partial per index.
// The package's tests also play the sweep Job without a cluster (manifest_test.go).
package kubernetes
