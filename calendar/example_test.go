package calendar_test

import (
	"fmt"
	"time"

	"github.com/omnisim/omnisim/calendar"
)

// A conversation arriving Friday 17:55 with a 4-business-hour target, Monday to
// Friday 9–18: the deadline is Monday 12:55.
func ExampleCalendar_Add() {
	paris, _ := calendar.LoadLocation("Europe/Paris")
	hours, _ := calendar.ParseHours("09:00-18:00")
	var week [7]calendar.Hours
	for d := time.Monday; d <= time.Friday; d++ {
		week[d] = hours
	}
	cal, _ := calendar.New(paris, week, nil)
	arrived := time.Date(2026, 12, 4, 17, 55, 0, 0, paris)
	fmt.Println(cal.Add(arrived, 4*time.Hour).Format("Mon 15:04"))
	// Output: Mon 12:55
}
