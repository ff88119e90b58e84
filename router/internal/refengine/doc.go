// Package refengine is a frozen copy of package router's engine as it was before
// issue 15 split it by job (router at d53dc7a). It is the reference of the
// differential test (router's TestDifferential, FuzzDifferential): random scripts
// run through both engines must give the same decisions, so that a restructuring
// or an optimisation of router cannot change a routing decision unnoticed.
//
// Do not edit it to follow router: it is the engine router must still equal. When
// router changes a decision on purpose, the test says so, and the change says why.
// It is internal, used by tests only.
package refengine
