package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/omnisim/omnisim/internal/cliargs"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/server"
	"github.com/urfave/cli/v2"
)

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "run the reference router as an HTTP service",
		Description: "Serves the JSON API of api/openapi.yaml: inbound messages (our JSON, Twilio SMS and\n" +
			"WhatsApp Cloud API webhooks), agents' presence, work, accept/decline, replies answered\n" +
			"with the channel's window decision, close, /healthz, /metrics and the delivery audit.\n" +
			"Agents, channels and routing come from the scenario (the embedded default without one),\n" +
			"as the simulator plays them: queues by channel, language and intent skills, push offers\n" +
			"with accept/decline/timeout, presence, tab or status capacity (inactive_after, sticky_for).\n" +
			"Agents are named GROUP-N. Prints \"listening on ADDR\" once it accepts connections, and\n" +
			"shuts down gracefully on SIGINT or SIGTERM.\n\n" +
			"   omnisim serve --addr 127.0.0.1:8080\n" +
			"   omnisim serve --scenario retail.yaml --state router.db --token s3cret\n" +
			"   omnisim serve --addr 127.0.0.1:0 --time-scale 3600   # one wall second is one hour",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "listen on `HOST:PORT` (port 0: any free port)"},
			&cli.StringFlag{Name: "scenario", Usage: "routing configuration from `FILE`", DefaultText: "the embedded default"},
			&cli.StringFlag{Name: "state", Usage: "keep state in the SQLite `FILE` (WAL); default: in memory"},
			&cli.DurationFlag{Name: "retain-closed", Usage: "with --state, closed conversations leave memory `D` after they closed (server time, scaled by --time-scale) and stay in the file; 0 keeps them in memory", DefaultText: "0"},
			&cli.DurationFlag{Name: "state-busy-timeout", Value: server.DefaultBusyTimeout, Usage: "a commit waits up to `D` for another process's lock on the --state file, then the request is answered 500"},
			&cli.BoolFlag{Name: "state-accept-loss", Usage: "start from a --state file that was not shut down cleanly and lost its journal (FILE-wal), accepting what the journal held is lost"},
			&cli.StringFlag{Name: "token", EnvVars: []string{"OMNISIM_TOKEN"}, Usage: "require `TOKEN` as a bearer token on every endpoint but /healthz"},
			&cli.Int64Flag{Name: "max-body", Value: server.DefaultMaxBody, Usage: "request body limit in `BYTES`"},
			&cli.Float64Flag{Name: "time-scale", Value: 1, Usage: "the server's clock runs `S` times faster than the wall clock (windows, push timeouts)"},
			&cli.DurationFlag{Name: "push-timeout", Usage: "offers not accepted within `D` are re-routed; 0 accepts at once", DefaultText: "the scenario's"},
			&cli.BoolFlag{Name: "agents-offline", Usage: "agents start offline (default: online) until PUT /v1/agents/{id}/presence"},
			&cli.StringFlag{Name: "whatsapp-verify-token", Usage: "answer Meta's webhook verification with this `TOKEN`"},
			&cli.StringFlag{Name: "twilio-auth-token", EnvVars: []string{"OMNISIM_TWILIO_AUTH_TOKEN"}, Usage: "refuse (403) Twilio webhooks whose X-Twilio-Signature does not match this `TOKEN`"},
			&cli.StringFlag{Name: "meta-app-secret", EnvVars: []string{"OMNISIM_META_APP_SECRET"}, Usage: "refuse (403) WhatsApp webhooks whose X-Hub-Signature-256 does not match this `SECRET`"},
			&cli.StringFlag{Name: "public-url", Usage: "the `URL` (scheme and host) webhook senders post to, which Twilio signs", DefaultText: "http:// and the request's Host"},
			&cli.DurationFlag{Name: "read-header-timeout", Value: server.DefaultReadHeaderTimeout, Usage: "cut a connection that has not sent its request header within `D`"},
			&cli.DurationFlag{Name: "read-timeout", Value: server.DefaultReadTimeout, Usage: "cut a connection that has not sent its whole request (header and body) within `D`"},
			&cli.DurationFlag{Name: "write-timeout", Value: server.DefaultWriteTimeout, Usage: "cut a connection whose answer is not written within `D` of its request header"},
			&cli.DurationFlag{Name: "idle-timeout", Value: server.DefaultIdleTimeout, Usage: "close a keep-alive connection idle for `D`"},
			&cli.DurationFlag{Name: "grace", Value: 10 * time.Second, Usage: "on SIGINT/SIGTERM, wait up to `D` for in-flight requests"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return badInput(fmt.Errorf("serve takes no arguments (got %q); the scenario is --scenario FILE", c.Args().First()))
			}
			sc, err := cliargs.LoadScenario(c.String("scenario"), "")
			if err != nil {
				return err
			}
			cfg, err := serverConfig(sc)
			if err != nil {
				return badInput(fmt.Errorf("%s: %w", scenarioName(sc), err))
			}
			cfg.State = c.String("state")
			cfg.AcceptStateLoss = c.Bool("state-accept-loss")
			cfg.RetainClosed = c.Duration("retain-closed")
			cfg.BusyTimeout = c.Duration("state-busy-timeout")
			cfg.Token = c.String("token")
			cfg.MaxBody = c.Int64("max-body")
			cfg.TimeScale = c.Float64("time-scale")
			cfg.AgentsOnline = !c.Bool("agents-offline")
			cfg.WhatsAppVerifyToken = c.String("whatsapp-verify-token")
			cfg.TwilioAuthToken = c.String("twilio-auth-token")
			cfg.MetaAppSecret = c.String("meta-app-secret")
			cfg.PublicURL = c.String("public-url")
			cfg.Clock = server.WallClock{}
			if c.IsSet("push-timeout") {
				cfg.Routing.PushTimeout = c.Duration("push-timeout")
			}
			cfg.ReadHeaderTimeout, cfg.ReadTimeout = c.Duration("read-header-timeout"), c.Duration("read-timeout")
			cfg.WriteTimeout, cfg.IdleTimeout = c.Duration("write-timeout"), c.Duration("idle-timeout")
			if err := cfg.CheckFlags(); err != nil {
				return badInput(err)
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return badInput(server.ListenAndServe(ctx, cfg, c.String("addr"), c.Duration("grace"), c.App.Writer, c.App.ErrWriter))
		},
	}
}

// serverConfig maps a scenario onto the server: the simulator's model of it
// (routing, skills, queue routes, inactivity), each agent group's largest head
// count as agents GROUP-1 … GROUP-N (server.FromModel).
func serverConfig(sc *scenarios.Scenario) (server.Config, error) {
	m, err := sc.Model()
	if err != nil {
		return server.Config{}, err
	}
	return server.FromModel(m.Serving())
}
