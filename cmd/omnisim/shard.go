package main

import (
	"os"

	"github.com/omnisim/omnisim/internal/progress"
	"github.com/omnisim/omnisim/planning"
	"github.com/omnisim/omnisim/scenarios"
	"github.com/omnisim/omnisim/sim"
	"github.com/urfave/cli/v2"
)

func shardFlag() cli.Flag {
	return &cli.StringFlag{Name: "shard", Usage: "run only shard `I/N` (counted from 1) and write a partial result for `omnisim report merge`;" +
		" without it, a Kubernetes Indexed Job's JOB_COMPLETION_INDEX (from 0) and JOB_COMPLETIONS select the shard"}
}

// shardOf returns the shard to run: --shard, else the Indexed Job's environment
// (planning.ShardOf). sharded is false for a whole run.
func shardOf(c *cli.Context) (s planning.Shard, sharded bool, err error) {
	s, sharded, err = planning.ShardOf(given(c, "shard"), os.Getenv("JOB_COMPLETION_INDEX"), os.Getenv("JOB_COMPLETIONS"))
	return s, sharded, badInput(err)
}

// checkShardFormat refuses a --format other than json for a shard.
func checkShardFormat(c *cli.Context, s planning.Shard) error {
	return badInput(planning.CheckShardFormat(s, c.String("format"), c.IsSet("format")))
}

// runShard runs shard s of a plain run of m and writes its partial result; options
// (--set, --interval) go into the fingerprint.
func runShard(c *cli.Context, sc *scenarios.Scenario, m *sim.Model, s planning.Shard, options []string) error {
	if err := checkShardFormat(c, s); err != nil {
		return err
	}
	prog := progress.New(c.App.ErrWriter, "replications", 0)
	part, err := planning.RunShard(m, s, planning.ScenarioFingerprint(sc, options...), prog.SetOf)
	prog.Done()
	if err != nil {
		return err
	}
	return writeOutput(c, part.WriteJSON)
}
