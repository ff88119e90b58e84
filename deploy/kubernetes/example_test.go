package kubernetes_test

import (
	"fmt"
	"os"

	"github.com/omnisim/omnisim/deploy/kubernetes"
)

func ExampleCheck() {
	b, err := kubernetes.Check(os.DirFS("."))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range []string{"omnisim-sweep", "omnisim-tune-bot", "omnisim-load"} {
		fmt.Println(name, *b.Jobs[name].Spec.Completions, "shards")
	}
	// Output:
	// omnisim-sweep 20 shards
	// omnisim-tune-bot 5 shards
	// omnisim-load 4 shards
}
