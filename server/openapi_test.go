package server

import (
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The OpenAPI file in the repo is checked against the real handlers: every
// documented operation reaches its own route on the mux and answers (no 404 for
// the path, no 405), and every route of the mux is documented.
func TestOpenAPIMatchesHandlers(t *testing.T) {
	data, err := os.ReadFile("../api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		OpenAPI string                               `yaml:"openapi"`
		Paths   map[string]map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(data, &spec); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(spec.OpenAPI, "3.") {
		t.Fatalf("openapi: %q, want 3.x", spec.OpenAPI)
	}
	s, _ := newTestServer(t, func(c *Config) { c.Token = "tok"; c.Routing.PushTimeout = 0 })
	do(t, s, "POST", "/v1/messages", msg("m1", "c1", "web", "v1", "hi"), "Authorization", "Bearer tok")
	mux := s.Handler().(*http.ServeMux)

	documented := map[string]bool{}
	for path, ops := range spec.Paths {
		for method, op := range ops {
			if method == "parameters" {
				continue
			}
			method = strings.ToUpper(method)
			key := method + " " + path
			documented[key] = true
			if _, ok := op["responses"]; !ok {
				t.Errorf("%s: no responses", key)
			}
			concrete := strings.ReplaceAll(path, "{id}", "c1")
			if strings.HasPrefix(path, "/v1/agents/") {
				concrete = strings.ReplaceAll(path, "{id}", "a1")
			}
			req := httptest.NewRequest(method, concrete, nil)
			if _, pattern := mux.Handler(req); pattern != key {
				t.Errorf("%s: the mux routes %s %s to %q", key, method, concrete, pattern)
			}
			// It answers: a real endpoint, whatever the (empty) request deserves.
			req.Header.Set("Authorization", "Bearer tok")
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, req)
			if rec.Code == http.StatusMethodNotAllowed || rec.Code >= 500 ||
				rec.Code == http.StatusNotFound && strings.Contains(rec.Body.String(), "no such endpoint") {
				t.Errorf("%s: answered %d %s", key, rec.Code, rec.Body)
			}
		}
	}
	var undocumented []string
	for _, rt := range s.routes {
		if key := rt.method + " " + rt.path; !documented[key] {
			undocumented = append(undocumented, key)
		}
	}
	sort.Strings(undocumented)
	if len(undocumented) > 0 {
		t.Errorf("routes missing from api/openapi.yaml: %v", undocumented)
	}
	if len(documented) != len(s.routes) {
		t.Errorf("api/openapi.yaml documents %d operations, the server has %d routes", len(documented), len(s.routes))
	}
}
