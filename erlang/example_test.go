package erlang_test

import (
	"fmt"
	"os"
	"time"

	"github.com/omnisim/omnisim/erlang"
)

// 120 conversations an hour, 4 minutes each (8 Erlang), on 10 agents; service level
// counted at 30 seconds.
func ExampleC() {
	r, err := erlang.C(erlang.CInput{RatePerSecond: 120.0 / 3600, AHT: 4 * time.Minute, Agents: 10, Within: 30 * time.Second})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("P(wait) %.4f, ASA %.1f s, service level %.4f, occupancy %.2f\n", r.PWait, r.ASASeconds, r.ServiceLevel, r.Occupancy)
	// Output:
	// P(wait) 0.4092, ASA 49.1 s, service level 0.6813, occupancy 0.80
}

// The same queue when customers give up after 2 minutes on average.
func ExampleA() {
	in := erlang.AInput{
		CInput:   erlang.CInput{RatePerSecond: 120.0 / 3600, AHT: 4 * time.Minute, Agents: 10, Within: 30 * time.Second},
		Patience: 2 * time.Minute,
	}
	r, err := erlang.A(in)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("P(wait) %.4f, ASA %.1f s, service level %.4f, abandon %.4f after %.1f s\n",
		r.PWait, r.ASASeconds, r.ServiceLevel, r.AbandonRate, r.AbandonWaitSeconds)
	// Output:
	// P(wait) 0.2475, ASA 6.6 s, service level 0.8516, abandon 0.0684 after 30.0 s
}

// Agents needed to answer 80 % of 120 conversations an hour within 30 seconds.
func ExampleMinAgents() {
	n, err := erlang.MinAgents(erlang.CInput{RatePerSecond: 120.0 / 3600, AHT: 4 * time.Minute, Within: 30 * time.Second}, 0.8)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n, "agents")
	// Output:
	// 11 agents
}

// Erlang C refuses a load the agents cannot carry.
func ExampleC_overloaded() {
	_, err := erlang.C(erlang.CInput{RatePerSecond: 120.0 / 3600, AHT: 4 * time.Minute, Agents: 8, Within: 30 * time.Second})
	fmt.Println(err)
	// Output:
	// Agents 8: offered load 8.00 Erlang needs more than 8 agents (ρ = 1.00 ≥ 1): the queue grows without bound
}

// A report prints an answer for people (WriteText) or scripts (WriteJSON).
func ExampleCReport() {
	in := erlang.CInput{RatePerSecond: 100.0 / 3600, AHT: 3 * time.Minute, Agents: 7, Within: 20 * time.Second}
	res, err := erlang.C(in)
	if err != nil {
		panic(err)
	}
	erlang.CReport(in, "100/h", res).WriteText(os.Stdout)
	// Output:
	// Erlang C (M/M/c): rate 100/h, AHT 3m0s, 7 agents, offered load 5.00 Erlang (ρ = 0.71)
	//   p_wait                    32.41 %  conversations that find no agent free
	//   asa_seconds               29.17 s  mean wait until an agent accepts
	//   service_level             74.04 %  accepted within 20s
	//   occupancy                 71.43 %  agent time busy
}
