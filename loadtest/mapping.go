package loadtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"text/template"

	vegeta "github.com/tsenart/vegeta/v12/lib"
	"gopkg.in/yaml.v3"
)

// Mapping turns load-test steps into requests for a real deployment (MAPPING.md
// has the format and a worked example). A mapped run plays the customer side of
// each conversation — its messages, with the traffic model's pauses — and audits
// deliveries through the mapping's audit request when it has one.
type Mapping struct {
	File    string
	Headers map[string]*template.Template
	Message *MappedRequest
	Audit   *MappedAudit
}

// MappedRequest is one request template.
type MappedRequest struct {
	Method  string
	URL     *template.Template
	Headers map[string]*template.Template
	Body    *template.Template // nil: Shape builds the body
	Shape   string             // omnisim, twilio_sms or whatsapp (built-in payloads)
}

// MappedAudit lists the message ids the deployment delivered: every occurrence
// of an id under IDs is one delivery. With Next, the answer is paged: Next names
// the field holding the next page's cursor ({{.After}}), empty or 0 on the last.
type MappedAudit struct {
	MappedRequest
	IDs  string // dotted path, "#" for every element of an array: "items.#.message_id"
	Next string
}

// TemplateData is what a mapping's templates see.
type TemplateData struct {
	Target         string // --target, without a trailing slash
	MessageID      string // unique per message, the same on every retry
	ConversationID string
	Channel        string
	From           string // the customer's phone number (E.164)
	Name           string // the customer's name
	Text           string // the message text
	Seq            int    // the message's number in its conversation, from 1
	// The conversation's language, intent and customer tier, drawn from the
	// scenario's shares ("" when the scenario has none).
	Language, Intent, Tier string
	Unix                   int64  // seconds since 1970 when the request is built
	After                  string // audit: the cursor of the page (empty for the first)
	Vars                   map[string]string
}

type mappingFile struct {
	Version int               `yaml:"version"`
	Headers map[string]string `yaml:"headers"`
	Message *requestFile      `yaml:"message"`
	Audit   *auditFile        `yaml:"audit"`
}

type requestFile struct {
	Method  string            `yaml:"method"`
	URL     string            `yaml:"url"`
	Headers map[string]string `yaml:"headers"`
	Body    string            `yaml:"body"`
	Shape   string            `yaml:"shape"`
}

type auditFile struct {
	requestFile `yaml:",inline"`
	IDs         string `yaml:"ids"`
	Next        string `yaml:"next"`
}

// LoadMapping reads a mapping file.
func LoadMapping(path string) (*Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseMapping(path, data)
}

// ParseMapping parses a mapping file's contents; errors name the file and, for
// YAML mistakes, the line.
func ParseMapping(file string, data []byte) (*Mapping, error) {
	var f mappingFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty mapping file", file)
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if f.Version != 1 {
		return nil, fmt.Errorf("%s: version: %d, want 1", file, f.Version)
	}
	m := &Mapping{File: file, Headers: map[string]*template.Template{}}
	for k, v := range f.Headers {
		t, err := parseTemplate(file, "headers."+k, v)
		if err != nil {
			return nil, err
		}
		m.Headers[k] = t
	}
	if f.Message == nil {
		return nil, fmt.Errorf("%s: message: required (how a customer message becomes a request)", file)
	}
	var err error
	if m.Message, err = f.Message.build(file, "message"); err != nil {
		return nil, err
	}
	if f.Audit != nil {
		req, err := f.Audit.requestFile.build(file, "audit")
		if err != nil {
			return nil, err
		}
		if f.Audit.IDs == "" {
			return nil, fmt.Errorf("%s: audit.ids: required (the path of the delivered message ids in the answer)", file)
		}
		m.Audit = &MappedAudit{MappedRequest: *req, IDs: f.Audit.IDs, Next: f.Audit.Next}
	}
	return m, nil
}

var shapes = []string{"omnisim", "twilio_sms", "whatsapp"}

func (f *requestFile) build(file, where string) (*MappedRequest, error) {
	r := &MappedRequest{Method: strings.ToUpper(f.Method), Headers: map[string]*template.Template{}, Shape: f.Shape}
	if r.Method == "" {
		r.Method = "POST"
		if where == "audit" {
			r.Method = "GET"
		}
	}
	if f.URL == "" {
		return nil, fmt.Errorf("%s: %s.url: required", file, where)
	}
	var err error
	if r.URL, err = parseTemplate(file, where+".url", f.URL); err != nil {
		return nil, err
	}
	for k, v := range f.Headers {
		t, err := parseTemplate(file, where+".headers."+k, v)
		if err != nil {
			return nil, err
		}
		r.Headers[k] = t
	}
	switch {
	case f.Body != "" && f.Shape != "":
		return nil, fmt.Errorf("%s: %s: body and shape are exclusive", file, where)
	case f.Body != "":
		if r.Body, err = parseTemplate(file, where+".body", f.Body); err != nil {
			return nil, err
		}
	case f.Shape != "":
		ok := false
		for _, s := range shapes {
			ok = ok || s == f.Shape
		}
		if !ok {
			return nil, fmt.Errorf("%s: %s.shape: %q, want one of %s", file, where, f.Shape, strings.Join(shapes, ", "))
		}
	}
	return r, nil
}

var templateFuncs = template.FuncMap{
	// json quotes a value as JSON: "text": {{json .Text}}.
	"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
}

func parseTemplate(file, where, text string) (*template.Template, error) {
	t, err := template.New(where).Option("missingkey=error").Funcs(templateFuncs).Parse(text)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", file, where, err)
	}
	if err := checkTemplate(t); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", file, where, err)
	}
	return t, nil
}

// execute runs a template, its output capped (cappedWriter); errors name the
// template's field (the template's name).
func execute(t *template.Template, d *TemplateData) (string, error) {
	var w cappedWriter
	if err := t.Execute(&w, d); err != nil {
		if errors.Is(err, errTemplateOutput) {
			return "", fmt.Errorf("%s: %w", t.Name(), errTemplateOutput)
		}
		return "", err
	}
	return w.b.String(), nil
}

// Request builds the request of a template for d.
func (m *Mapping) Request(req *MappedRequest, d *TemplateData) (vegeta.Target, error) {
	t := vegeta.Target{Method: req.Method, Header: http.Header{}}
	var err error
	if t.URL, err = execute(req.URL, d); err != nil {
		return t, err
	}
	for k, tmpl := range m.Headers {
		v, err := execute(tmpl, d)
		if err != nil {
			return t, err
		}
		t.Header.Set(k, v)
	}
	for k, tmpl := range req.Headers {
		v, err := execute(tmpl, d)
		if err != nil {
			return t, err
		}
		t.Header.Set(k, v)
	}
	switch {
	case req.Body != nil:
		b, err := execute(req.Body, d)
		if err != nil {
			return t, err
		}
		t.Body = []byte(b)
	case req.Shape == "twilio_sms":
		t.Body = []byte(TwilioForm(d.MessageID, d.From, "+15550000000", d.Text).Encode())
		t.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	case req.Shape == "whatsapp":
		t.Body = WhatsAppPayload(d.MessageID, strings.TrimPrefix(d.From, "+"), d.Name, d.Text, d.Unix)
		t.Header.Set("Content-Type", "application/json")
	case req.Shape == "omnisim":
		t.Body = messageJSON(d.MessageID, d.ConversationID, d.Channel, d.From, d.Text, d.Language, d.Intent, d.Tier)
		t.Header.Set("Content-Type", "application/json")
	}
	return t, nil
}

func (r *runner) templateData(st *step) *TemplateData {
	c := st.c
	return &TemplateData{Target: r.base, MessageID: st.msgID, ConversationID: c.id, Channel: c.stream.Channel,
		From: c.from, Name: c.name, Text: st.text, Seq: st.msgNum, Unix: r.clock.Now().Unix(), Vars: r.cfg.Vars,
		Language: c.language, Intent: c.intent, Tier: c.tier}
}

// mappedRequest: a mapped run only sends customer messages.
func (r *runner) mappedRequest(st *step, t *vegeta.Target) error {
	tgt, err := r.mapping.Request(r.mapping.Message, r.templateData(st))
	if err != nil {
		return fmt.Errorf("%s: %w", r.mapping.File, err) // err names the field (the template's name)
	}
	*t = tgt
	return nil
}

// mappedAnswer: a 2xx acknowledges the message; the customer writes again after
// the agent's reply time and their pause, or the conversation is done.
func (r *runner) mappedAnswer(st *step) {
	c := st.c
	r.acked[st.msgID] = c
	r.report.Audit.Acknowledged++
	c.sent++
	if c.sent < c.total {
		wait := r.cfg.Traffic.AgentReply.Sample(r.rng) + r.cfg.Traffic.Pause.Sample(r.rng)
		r.messageStep(c, r.elapsed()+r.scaled(wait))
		return
	}
	r.done(c)
}

// pathValues collects the values under a dotted path ("items.#.id") of a JSON
// document, as strings.
func pathValues(doc any, path string) []string {
	if path == "" {
		return nil
	}
	var out []string
	var walk func(v any, parts []string)
	walk = func(v any, parts []string) {
		if len(parts) == 0 {
			switch x := v.(type) {
			case string:
				out = append(out, x)
			case float64:
				out = append(out, strconv.FormatFloat(x, 'f', -1, 64))
			case []any:
				for _, e := range x {
					walk(e, nil)
				}
			}
			return
		}
		switch x := v.(type) {
		case map[string]any:
			walk(x[parts[0]], parts[1:])
		case []any:
			if parts[0] == "#" {
				for _, e := range x {
					walk(e, parts[1:])
				}
			} else if i, err := strconv.Atoi(parts[0]); err == nil && i >= 0 && i < len(x) {
				walk(x[i], parts[1:])
			}
		}
	}
	walk(doc, strings.Split(path, "."))
	return out
}
