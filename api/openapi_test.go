package api

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type response struct {
	Ref         string         `yaml:"$ref"`
	Description string         `yaml:"description"`
	Content     map[string]any `yaml:"content"`
}

type operation struct {
	OperationID string              `yaml:"operationId"`
	RequestBody map[string]any      `yaml:"requestBody"`
	Responses   map[string]response `yaml:"responses"`
}

type document struct {
	Info struct {
		License struct{ Name string } `yaml:"license"`
	} `yaml:"info"`
	Paths map[string]map[string]operation `yaml:"paths"`
}

// TestOpenAPIDocumentsEveryOperation: every operation has a unique operationId
// (camelCase, for generated clients), the document a license, and each operation
// its 4xx answers, each with its own description of when it happens: 401 on all but
// /healthz, 404 where the path names a resource, 400/413/415 where there is a body,
// 403 where a webhook signature is checked, 409 and 422 where the server gives them.
func TestOpenAPIDocumentsEveryOperation(t *testing.T) {
	data, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc document
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Info.License.Name == "" {
		t.Error("info.license.name is missing")
	}
	camel := regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)
	ids := map[string]string{}
	// The answers the server gives beyond the generic ones (server/*.go).
	want := map[string][]string{
		"POST /v1/messages":                             {"400", "409", "413", "415", "422"},
		"POST /v1/webhooks/twilio/sms":                  {"400", "403", "413", "415", "422"},
		"GET /v1/webhooks/whatsapp":                     {"403"},
		"POST /v1/webhooks/whatsapp":                    {"400", "403", "413", "415", "422"},
		"PUT /v1/agents/{id}/presence":                  {"400", "404", "413", "415"},
		"GET /v1/agents/{id}/work":                      {"404"},
		"GET /v1/conversations/{id}":                    {"404"},
		"POST /v1/conversations/{id}/handoff":           {"400", "404", "409", "413", "415"},
		"POST /v1/conversations/{id}/accept":            {"400", "404", "409", "413", "415"},
		"POST /v1/conversations/{id}/decline":           {"400", "404", "409", "413", "415"},
		"POST /v1/conversations/{id}/replies":           {"400", "404", "409", "413", "415"},
		"POST /v1/conversations/{id}/close":             {"400", "404", "409", "413", "415"},
		"POST /v1/conversations/{id}/pause":             {"400", "404", "409", "413", "415"},
		"POST /v1/conversations/{id}/unpause":           {"400", "404", "409", "413", "415"},
		"GET /v1/audit/messages":                        {"400"},
		"GET /v1/customers/{channel}/{address}/consent": {"404"},
		"PUT /v1/customers/{channel}/{address}/consent": {"400", "404", "413", "415", "422"},
	}
	n := 0
	for path, ops := range doc.Paths {
		for method, op := range ops {
			n++
			key := strings.ToUpper(method) + " " + path
			switch prev, dup := ids[op.OperationID]; {
			case !camel.MatchString(op.OperationID):
				t.Errorf("%s: operationId %q, want camelCase", key, op.OperationID)
			case dup:
				t.Errorf("%s: operationId %q already names %s", key, op.OperationID, prev)
			}
			ids[op.OperationID] = key
			statuses := want[key]
			if path != "/healthz" {
				statuses = append(statuses, "401")
			}
			for _, st := range statuses {
				r, ok := op.Responses[st]
				if !ok {
					t.Errorf("%s: no %s answer", key, st)
					continue
				}
				if r.Ref != "" || len(r.Description) < 12 || r.Content["application/json"] == nil {
					t.Errorf("%s %s: want its own description of when it happens and the JSON error body, got %+v", key, st, r)
				}
			}
			for st := range op.Responses {
				if strings.HasPrefix(st, "4") && !contains(statuses, st) {
					t.Errorf("%s: answer %s is documented but not expected by this test: add it to want", key, st)
				}
			}
		}
	}
	if n != len(want)+3 { // + /healthz, /metrics, /v1/agents
		t.Errorf("%d operations; the table here lists %d (+3 without extra answers): keep it in step", n, len(want))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
