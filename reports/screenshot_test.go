package reports_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/omnisim/omnisim/planning"
	"github.com/omnisim/omnisim/reports"
)

const chromium = "/usr/bin/chromium"

// Screenshot geometry: the window is wider than the page's 1100 px column, so
// anything drawn in the right margin ran off the page.
const (
	shotWidth, shotHeight = 1400, 6000 // tall enough for every chart of the run report
	rightMarginFrom       = 1330       // body: max-width 1240 px + 1em padding, centered
	rightMarginTo         = 1390       // scrollbars are hidden
)

// outlineCSS marks every chart's SVG box with a magenta outline, drawn just
// outside it, so that the screenshot shows where each chart's image ends.
const outlineCSS = ".chart svg { outline: 1px solid #ff00ff; }\n</style>"

// shoot renders page in headless Chromium and returns the screenshot.
func shoot(t *testing.T, name string, page *reports.Page) image.Image {
	t.Helper()
	var html bytes.Buffer
	if err := page.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	return shootHTML(t, name, html.String())
}

// shootHTML renders an HTML page in headless Chromium (charts outlined) and
// returns the screenshot; it also writes it to $OMNISIM_SCREENSHOTS/name.png
// when that is set (the pages as a planner sees them: without the outlines).
func shootHTML(t *testing.T, name, html string) image.Image {
	t.Helper()
	if d := os.Getenv("OMNISIM_SCREENSHOTS"); d != "" {
		plain := screenshot(t, name+"-plain", html)
		if err := os.WriteFile(filepath.Join(d, name+".png"), plain, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data := screenshot(t, name, strings.Replace(html, "</style>", outlineCSS, 1))
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// screenshot runs headless Chromium on an HTML page and returns the PNG.
func screenshot(t *testing.T, name, html string) []byte {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, name+".html")
	if err := os.WriteFile(file, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, name+".png")
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--screenshot="+shot,
		fmt.Sprintf("--window-size=%d,%d", shotWidth, shotHeight), "file://"+file)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("chromium: %v\n%s", err, out.String())
		}
	case <-time.After(120 * time.Second): // a hung browser, not a speed bound: rendering takes a second or two
		cmd.Process.Kill()
		t.Fatalf("chromium did not finish\n%s", out.String())
	}
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v\n%s", err, out.String())
	}
	return data
}

func rgb(img image.Image, x, y int) (r, g, b uint32) {
	r, g, b, _ = img.At(x, y).RGBA()
	return r >> 8, g >> 8, b >> 8
}

func magenta(img image.Image, x, y int) bool {
	r, g, b := rgb(img, x, y)
	return r > 0xc0 && g < 0x70 && b > 0xc0
}

func white(img image.Image, x, y int) bool {
	r, g, b := rgb(img, x, y)
	return r > 0xe8 && g > 0xe8 && b > 0xe8
}

// chartBoxes finds the charts' outlines in a screenshot: horizontal magenta runs
// of at least 200 px, paired top and bottom by their horizontal extent.
func chartBoxes(img image.Image) []image.Rectangle {
	type run struct{ y, x0, x1 int }
	var runs []run
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; {
			if !magenta(img, x, y) {
				x++
				continue
			}
			x0 := x
			for x < bd.Max.X && magenta(img, x, y) {
				x++
			}
			if x-x0 >= 200 {
				runs = append(runs, run{y, x0, x})
			}
		}
	}
	// runs of one edge may span two rows (anti-aliasing): keep the first of each
	groups := map[[2]int][]int{}
	extent := map[[2]int][2]int{} // a group's exact x0, x1 (its first run's)
	for _, r := range runs {
		k := [2]int{r.x0 / 4, r.x1 / 4}
		if _, ok := extent[k]; !ok {
			extent[k] = [2]int{r.x0, r.x1}
		}
		ys := groups[k]
		if len(ys) > 0 && r.y-ys[len(ys)-1] <= 2 {
			ys[len(ys)-1] = r.y
			continue
		}
		groups[k] = append(ys, r.y)
	}
	var boxes []image.Rectangle
	for k, ys := range groups {
		for i := 0; i+1 < len(ys); i += 2 {
			boxes = append(boxes, image.Rect(extent[k][0], ys[i], extent[k][1], ys[i+1]))
		}
	}
	sort.Slice(boxes, func(i, j int) bool { return boxes[i].Min.Y < boxes[j].Min.Y })
	return boxes
}

// screenshotProblems checks a screenshot as a planner would look at it:
//   - every chart's image has a white rim inside its outline: a string or line
//     reaching the edge of the image is cut there, in the browser's own fonts;
//   - nothing is drawn in the page's right margin: no table or chart runs off
//     the page.
//
// It returns the problems and the number of charts found.
func screenshotProblems(img image.Image) ([]string, int) {
	var out []string
	boxes := chartBoxes(img)
	for n, b := range boxes {
		in := b.Inset(2) // inside the outline and its anti-aliasing
		bad := 0
		for x := in.Min.X; x < in.Max.X; x++ {
			for _, y := range []int{in.Min.Y, in.Min.Y + 1, in.Max.Y - 2, in.Max.Y - 1} {
				if !white(img, x, y) {
					bad++
				}
			}
		}
		for y := in.Min.Y; y < in.Max.Y; y++ {
			for _, x := range []int{in.Min.X, in.Min.X + 1, in.Max.X - 2, in.Max.X - 1} {
				if !white(img, x, y) {
					bad++
				}
			}
		}
		if bad > 0 {
			out = append(out, fmt.Sprintf("chart %d at %v: %d pixels drawn at the edge of its image (clipped)", n+1, b, bad))
		}
	}
	bd := img.Bounds()
	off := 0
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := rightMarginFrom; x < min(rightMarginTo, bd.Max.X); x++ {
			if !white(img, x, y) {
				off++
			}
		}
	}
	if off > 0 {
		out = append(out, fmt.Sprintf("%d pixels drawn in the right margin (x ≥ %d): something runs off the page", off, rightMarginFrom))
	}
	return out, len(boxes)
}

// pagesToShoot are the four HTML reports: run, staff, sweep and tune-bot, on a
// short default scenario.
func pagesToShoot(t *testing.T) map[string]*reports.Page {
	t.Helper()
	rep := smallReport(t)
	sc := defaultScenario(t)
	sc.Replications = 3
	staff, err := planning.Staff(sc, planning.StaffOptions{Targets: planning.Targets{ServiceLevel: 0.8}})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := planning.PlanSweep(sc, []planning.Axis{{Key: "bot.threshold", Values: []float64{0.5, 0.7, 0.9}}})
	if err != nil {
		t.Fatal(err)
	}
	values, err := plan.Run(plan.Items(), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	sweep := planning.SweepView{SweepResult: plan.Summarize(values)}
	tune, err := planning.TuneBot(sc, planning.TuneOptions{Thresholds: []float64{0.3, 0.5, 0.7, 0.9}, Objective: planning.MinCost,
		AgentHourCost: 30, BotConversationCost: 0.05, Staffing: "erlang", Staff: planning.StaffOptions{Targets: planning.Targets{ServiceLevel: 0.8}}})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*reports.Page{"run": rep.Page(), "staff": staff.Page(), "sweep": sweep.Page(), "tune-bot": tune.Page()}
}

// TestHTMLScreenshot renders the four HTML reports in headless Chromium (Debian's
// chromium package; `make screenshot-test` installs it) and checks what a
// planner would see: a real page (many colors, not blank), no chart cut at its
// image's edge, nothing running off the page, and — from the charts' own
// geometry — no legend over the data, no clipped text, no band outside its
// metric's range. TestHTMLScreenshotCatchesBrokenChart shows the screenshot
// checks failing on a broken chart.
func TestHTMLScreenshot(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("skipping: /usr/bin/chromium not found; install Debian's chromium package (make screenshot-test) to run the browser test")
	}
	for name, page := range pagesToShoot(t) {
		t.Run(name, func(t *testing.T) {
			for _, s := range page.Sections {
				for _, c := range s.Charts {
					if c == nil {
						continue
					}
					probs, err := c.Problems()
					if err != nil {
						t.Fatal(err)
					}
					for _, p := range probs {
						t.Error(p)
					}
				}
			}
			img := shoot(t, name, page)
			checkRendered(t, img)
			probs, charts := screenshotProblems(img)
			for _, p := range probs {
				t.Error(p)
			}
			if charts == 0 {
				t.Error("no chart outline found in the screenshot")
			}
			t.Logf("%s: %d charts in view", name, charts)
		})
	}
}

// checkRendered: a rendered report has text, tables and chart lines: many
// distinct colors and a fair share of non-white pixels.
func checkRendered(t *testing.T, img image.Image) {
	t.Helper()
	bounds := img.Bounds()
	if bounds.Dx() < shotWidth-20 || bounds.Dy() < 1000 {
		t.Errorf("screenshot %v, want %d×%d", bounds, shotWidth, shotHeight)
	}
	colors := map[uint32]bool{}
	nonWhite := 0
	top := min(bounds.Max.Y, bounds.Min.Y+1500) // every page fills its first 1500 px; short ones end there
	for y := bounds.Min.Y; y < top; y += 2 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 2 {
			r, g, b := rgb(img, x, y)
			colors[r<<16|g<<8|b] = true
			if r < 0xf0 || g < 0xf0 || b < 0xf0 {
				nonWhite++
			}
		}
	}
	total := (bounds.Dx() / 2) * ((top - bounds.Min.Y) / 2)
	if len(colors) < 50 || nonWhite < total/50 {
		t.Errorf("screenshot looks empty: %d colors, %d of %d sampled pixels not white", len(colors), nonWhite, total)
	}
}

// TestHTMLScreenshotCatchesBrokenChart: a page with a chart whose title is far
// too long for its image (drawn past both edges) and a table far too wide for
// the page, with its scrolling box defeated, is reported by both checks.
func TestHTMLScreenshotCatchesBrokenChart(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("skipping: /usr/bin/chromium not found (make screenshot-test)")
	}
	broken := &reports.Chart{Title: strings.Repeat("a title far too long for its chart ", 6), XLabels: []string{"00:00", "01:00", "02:00"},
		Series: []reports.Series{{Name: "s", X: []float64{0, 1, 2}, Y: []float64{1, 3, 2}}}}
	probs, err := broken.Problems()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(probs, "\n"), "is clipped at the edge of the image") {
		t.Errorf("geometry check misses the clipped title: %v", probs)
	}
	wide := &reports.Table{Columns: []string{"a"}}
	row := []string{strings.Repeat("a cell that does not wrap ", 1)}
	for i := 0; i < 30; i++ {
		wide.Columns = append(wide.Columns, fmt.Sprintf("column%d", i))
		row = append(row, "12345.678")
	}
	wide.Rows = [][]string{row}
	page := &reports.Page{Title: "broken", Sections: []reports.Section{{Heading: "broken chart", Charts: []*reports.Chart{broken}, Tables: []*reports.Table{wide}}}}
	var html bytes.Buffer
	if err := page.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	// defeat the scrolling box, as pages were before
	img := shootHTML(t, "broken", strings.Replace(html.String(), "</style>", "div.table { overflow-x: visible; }\n</style>", 1))
	got, charts := screenshotProblems(img)
	all := strings.Join(got, "\n")
	if charts != 1 || !strings.Contains(all, "drawn at the edge of its image") {
		t.Errorf("%d charts found; the clipped chart is not reported: %v", charts, got)
	}
	if !strings.Contains(all, "runs off the page") {
		t.Errorf("the table running off the page is not reported: %v", got)
	}
}
