package scenarios

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

func TestDebugTmp(t *testing.T) {
	f := os.Getenv("DBG")
	if f == "" {
		t.Skip()
	}
	s, err := Load(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := json.MarshalIndent(s, "", " ")
	fmt.Println(string(b))
}
