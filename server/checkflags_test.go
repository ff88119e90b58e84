package server

import (
	"strings"
	"testing"
	"time"
)

func TestCheckFlags(t *testing.T) {
	ok := Config{MaxBody: DefaultMaxBody, TimeScale: 1, ReadHeaderTimeout: time.Second, ReadTimeout: time.Second,
		WriteTimeout: time.Second, IdleTimeout: time.Second}
	if err := ok.CheckFlags(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for _, tt := range []struct {
		edit func(*Config)
		want string
	}{
		{func(c *Config) { c.RetainClosed = time.Hour }, "--retain-closed: needs --state and a duration ≥ 0 (got 1h0m0s)"},
		{func(c *Config) { c.State, c.RetainClosed = "s.db", -time.Second }, "--retain-closed: needs --state"},
		{func(c *Config) { c.PublicURL = "ftp://x" }, "--public-url: public URL"},
		{func(c *Config) { c.ReadHeaderTimeout = 0 }, "--read-header-timeout: must be > 0 (got 0s)"},
		{func(c *Config) { c.ReadTimeout = -1 }, "--read-timeout: must be > 0"},
		{func(c *Config) { c.WriteTimeout = 0 }, "--write-timeout: must be > 0"},
		{func(c *Config) { c.IdleTimeout = 0 }, "--idle-timeout: must be > 0"},
		{func(c *Config) { c.MaxBody = 0 }, "--max-body: must be > 0 (got 0)"},
		{func(c *Config) { c.TimeScale = 2e6 }, "--time-scale: must be in (0, 1e6] (got 2e+06)"},
		{func(c *Config) { c.Routing.PushTimeout = -time.Second }, "--push-timeout: must be ≥ 0 (got -1s)"},
	} {
		c := ok
		tt.edit(&c)
		if err := c.CheckFlags(); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%v, want prefix %q", err, tt.want)
		}
	}
	c := ok
	c.State, c.RetainClosed = "s.db", time.Hour
	if err := c.CheckFlags(); err != nil {
		t.Errorf("--retain-closed with --state: %v", err)
	}
}
