package cliargs

import (
	"github.com/urfave/cli/v2"

	"github.com/omnisim/omnisim/eventlog"
	"github.com/omnisim/omnisim/internal/progress"
	"github.com/omnisim/omnisim/planning"
	"github.com/omnisim/omnisim/reports"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
)

// The flag groups several commands share, each defined once with the function
// that maps it onto its package's options; an error about a value is bad input.

// RunFlags are --seed and --replications, which every simulating command takes;
// what says what a replication is for that command ("independent replications",
// "replications per point").
func RunFlags(what string) []cli.Flag {
	return []cli.Flag{
		&cli.Uint64Flag{Name: "seed", Usage: "random seed", DefaultText: "the scenario's"},
		&cli.IntFlag{Name: "replications", Aliases: []string{"n"}, Usage: what, DefaultText: "the scenario's"},
	}
}

// ApplyRunFlags sets the scenario's seed and replications from the flags given
// (planning.ApplyRun); fewer than minReps replications is bad input.
func ApplyRunFlags(c *cli.Context, sc *scenarios.Scenario, minReps int) error {
	return BadInput(planning.ApplyRun(sc, Given(c, "seed"), Given(c, "replications"), minReps))
}

// SetFlag is --set KEY=VALUE on run, staff, roster and tune-bot: a what-if in one
// flag (+20 % volume: --set arrivals.scale=1.2), with the keys and values of
// sweep's --set (planning.Set), one value each.
func SetFlag() cli.Flag {
	return &cli.GenericFlag{Name: "set", Value: &Repeated{},
		Usage: "change a scenario setting before running: `KEY=VALUE`, the keys of omnisim sweep --help " +
			"(arrivals.scale=1.2 is 20 % more volume, agents.tier1.count=8, sla.within=30s); repeatable"}
}

// BaseDirFlag is --base-dir of the commands that load scenario files from a
// repository (validate, check, run).
func BaseDirFlag() cli.Flag {
	return &cli.StringFlag{Name: "base-dir", Usage: "bases named by extends: must be inside `DIR` (default: each scenario file's directory)"}
}

// LoadScenario loads path, or the embedded default scenario when path is empty,
// with the bases of path (extends:) confined to baseDir ("": path's directory).
// Invalid scenarios are bad input (exit 2) with every error, one per line.
func LoadScenario(path, baseDir string) (*scenarios.Scenario, error) {
	sc, err := scenarios.LoadOrDefault(path, baseDir)
	return sc, BadInput(err)
}

// Scenario is the scenario of a command that takes at most one (its first
// argument; none: the embedded default), confined to --base-dir where the
// command has it, changed by every --set KEY=VALUE (planning.ApplySets); sets
// are the settings as given, for fingerprints.
func Scenario(c *cli.Context) (sc *scenarios.Scenario, sets []string, err error) {
	if sc, err = LoadScenario(c.Args().First(), c.String("base-dir")); err != nil {
		return nil, nil, err
	}
	sets = Repeats(c, "set")
	sc, err = planning.ApplySets(sc, sets, c.Command.Name)
	return sc, sets, BadInput(err)
}

// ShardFlag is --shard I/N of the commands whose work splits.
func ShardFlag() cli.Flag {
	return &cli.StringFlag{Name: "shard", Usage: "run only shard `I/N` (counted from 1) and write a partial result for `omnisim report merge`;" +
		" without it, a Kubernetes Indexed Job's JOB_COMPLETION_INDEX (from 0) and JOB_COMPLETIONS select the shard"}
}

// ShardOf returns the shard to run: --shard, else the Indexed Job's environment
// as getenv reads it (planning.ShardOf). sharded is false for a whole run.
func ShardOf(c *cli.Context, getenv func(string) string) (s planning.Shard, sharded bool, err error) {
	s, sharded, err = planning.ShardOf(Given(c, "shard"), getenv("JOB_COMPLETION_INDEX"), getenv("JOB_COMPLETIONS"))
	return s, sharded, BadInput(err)
}

// CheckShardFormat refuses a --format other than json for a shard.
func CheckShardFormat(c *cli.Context, s planning.Shard) error {
	return BadInput(planning.CheckShardFormat(s, c.String("format"), c.IsSet("format")))
}

// LogFlags are the flags of the commands that read event logs or exports.
func LogFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "strict", Usage: "a bad log row is an error (exit 2)"},
		&cli.StringFlag{Name: "columns", Usage: "read CSV exports with the column mapping `FILE` (YAML: columns, values, constants, time_layout, time_zone)"},
		&cli.BoolFlag{Name: "salesforce", Usage: "LOGS are a Salesforce export: MessagingSession, ConversationEntry, AgentWork and (optional) UserServicePresence CSV files (API field names)"},
		&cli.StringFlag{Name: "tz", Usage: "the `ZONE` of times written without one (Europe/Berlin); intervals of the day are then its local time"},
	}
}

// LogSource maps the log flags onto an eventlog.Source.
func LogSource(c *cli.Context) eventlog.Source {
	return eventlog.Source{Strict: c.Bool("strict"), Columns: c.String("columns"), Salesforce: c.Bool("salesforce"), TZ: c.String("tz")}
}

// EventFlags are run's --events and --events-replication.
func EventFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "events", Usage: "write every simulated event to `FILE` in omnisim's event log format " +
			"(CSV, or JSONL for .jsonl; see omnisim fit --help), in replication order"},
		&cli.IntFlag{Name: "events-replication", Usage: "write the events of replication `K` only (counted from 1)"},
	}
}

// SetupEvents sets m.Events from the event flags (eventlog.Record); finish,
// called after the run with its error, writes the file.
func SetupEvents(c *cli.Context, m *sim.Model) (finish func(runErr error) error, err error) {
	finish, err = eventlog.Record(m, c.String("events"), Given(c, "events-replication"))
	return finish, BadInput(err)
}

// TargetFlags are the staffing targets and the output flags, shared by staff,
// roster and tune-bot (which needs no shrinkage: it compares agent hours,
// hiding the flag).
func TargetFlags(hideShrinkage bool) []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "service-level", Usage: "target service level (share or %)", DefaultText: "sla.target"},
		&cli.StringFlag{Name: "abandon-rate", Usage: "cap on the abandon rate per interval (share or %)"},
		&cli.StringFlag{Name: "max-utilization", Usage: "cap on utilization per interval (share or %)"},
		&cli.StringFlag{Name: "shrinkage", Usage: "share of paid time agents are unavailable; scheduled heads = agents ÷ (1 − shrinkage)", Value: "0%", Hidden: hideShrinkage},
		&cli.StringFlag{Name: "interval", Usage: "staffing interval (must divide 24h)", DefaultText: "the scenario's"},
		&cli.StringFlag{Name: "confidence", Usage: "confidence of each interval's decision (share or %)", Value: "95%"},
		&cli.StringFlag{Name: "tolerance", Usage: "decide on the mean once the CI's half-width is this small (points: 0.5pp, or a share)", Value: "0.5pp"},
		&cli.IntFlag{Name: "max-replications", Usage: "most replications one evaluation adds before deciding", DefaultText: "4 × the scenario's, at least 32"},
		&cli.IntFlag{Name: "verify-replications", Usage: "fresh replications the chosen staffing is verified on", DefaultText: "20, or the scenario's if more"},
		&cli.Float64Flag{Name: "scale", Usage: "what-if: multiply every arrival rate by this factor (1.2: a 20 % surge)", DefaultText: "1"},
		FormatFlag(reports.Formats...),
		OutFlag(),
	}
}

// StaffOptions maps the target flags, --seed and --replications onto
// planning.StaffArgs, which applies --scale, --interval, --seed and
// --replications to sc.
func StaffOptions(c *cli.Context, sc *scenarios.Scenario) (planning.StaffOptions, error) {
	opt, err := planning.StaffArgs{ServiceLevel: c.String("service-level"), AbandonRate: c.String("abandon-rate"),
		MaxUtilization: c.String("max-utilization"), Shrinkage: c.String("shrinkage"), Confidence: c.String("confidence"),
		Tolerance: Given(c, "tolerance"), MaxReplications: Given(c, "max-replications"), VerifyReplications: Given(c, "verify-replications"),
		Scale: Given(c, "scale"), Interval: Given(c, "interval"), Seed: Given(c, "seed"), Replications: Given(c, "replications")}.Apply(sc)
	return opt, BadInput(err)
}

// WriteShard runs shard s of a command's work and writes its partial result
// (JSON, for omnisim report merge) to --out or stdout: a --format other than
// json is refused first; run's progress shows on stderr under label, of total
// (0: run sets it).
func WriteShard(c *cli.Context, s planning.Shard, label string, total int, run func(*progress.Bar) (*planning.Partial, error)) error {
	if err := CheckShardFormat(c, s); err != nil {
		return err
	}
	prog := progress.New(c.App.ErrWriter, label, total)
	part, err := run(prog)
	prog.Done()
	if err != nil {
		return err
	}
	return WriteOutput(c, part.WriteJSON)
}
