package reports

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one line of a chart. Points with a NaN coordinate are left out (an
// interval without traffic has no service level). Lo and Hi, when set, draw a
// shaded band (a 95 % confidence interval) around the line.
type Series struct {
	Name   string
	X, Y   []float64
	Lo, Hi []float64
	Dashed bool
	Steps  bool // draw as a step function (staffing per interval)
}

// Chart is a line chart rendered to inline SVG with gonum.org/v1/plot.
type Chart struct {
	Title, XLabel, YLabel string
	Series                []Series
	// XLabels name integer X positions (interval starts); every label is kept but
	// only about twelve are printed.
	XLabels []string
	// YMin and YMax fix the Y axis when YMax > YMin (shares: 0..1).
	YMin, YMax float64
	// Target draws a horizontal reference line (a service level target) when > 0.
	Target     float64
	TargetName string
	// Heat, when set, makes the chart a heat map instead of lines: one row per
	// YLabels entry, one column per XLabels entry, colored from 0 to 1.
	Heat    [][]float64
	YLabels []string
}

// palette are the series colors: distinguishable, and readable when printed grey.
var palette = []color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xd6, 0x27, 0x28, 0xff}, {0x2c, 0xa0, 0x2c, 0xff},
	{0xff, 0x7f, 0x0e, 0xff}, {0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff},
}

// Chart sizes, in points: wide enough for 48 interval labels.
const (
	chartWidth  = 720
	chartHeight = 300
)

// SVG renders the chart as an <svg> element, without XML prolog, ready to inline
// in HTML.
func (c *Chart) SVG() (string, error) {
	if c.Heat != nil {
		return c.heatSVG()
	}
	p := plot.New()
	p.Title.Text = c.Title
	p.X.Label.Text = c.XLabel
	p.Y.Label.Text = c.YLabel
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	if c.YMax > c.YMin {
		p.Y.Min, p.Y.Max = c.YMin, c.YMax
	}
	if len(c.XLabels) > 0 {
		p.X.Tick.Marker = labelTicks(c.XLabels)
	}
	xmin, xmax := math.Inf(1), math.Inf(-1)
	for k, s := range c.Series {
		col := palette[k%len(palette)]
		if len(s.Lo) == len(s.X) && len(s.Hi) == len(s.X) {
			if band := bandPolygon(s); band != nil {
				band.Color = color.NRGBA{col.R, col.G, col.B, 0x40}
				band.LineStyle.Width = 0
				p.Add(band)
			}
		}
		pts := points(s.X, s.Y)
		for _, pt := range pts {
			xmin, xmax = math.Min(xmin, pt.X), math.Max(xmax, pt.X)
		}
		if len(pts) == 0 {
			continue
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return "", fmt.Errorf("chart %q, series %q: %w", c.Title, s.Name, err)
		}
		line.Color = col
		line.Width = vg.Points(1.8)
		if s.Dashed {
			line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		}
		if s.Steps {
			line.StepStyle = plotter.PostStep
		}
		p.Add(line)
		if len(pts) <= 60 && !s.Steps {
			sc, err := plotter.NewScatter(pts)
			if err == nil {
				sc.GlyphStyle.Color = col
				sc.GlyphStyle.Radius = vg.Points(2)
				sc.GlyphStyle.Shape = draw.CircleGlyph{}
				p.Add(sc)
			}
		}
		if s.Name != "" {
			p.Legend.Add(s.Name, line)
		}
	}
	if c.Target > 0 && xmax >= xmin {
		ref, err := plotter.NewLine(plotter.XYs{{X: xmin, Y: c.Target}, {X: xmax, Y: c.Target}})
		if err == nil {
			ref.Color = color.RGBA{0x55, 0x55, 0x55, 0xff}
			ref.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
			p.Add(ref)
			if c.TargetName != "" {
				p.Legend.Add(c.TargetName, ref)
			}
		}
	}
	return render(p, chartHeight)
}

// render writes a plot as an inline <svg> element.
func render(p *plot.Plot, height float64) (string, error) {
	wt, err := p.WriterTo(vg.Points(chartWidth), vg.Points(height), "svg")
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if _, err := wt.WriteTo(&b); err != nil {
		return "", err
	}
	svg := b.String()
	if i := strings.Index(svg, "<svg"); i > 0 {
		svg = svg[i:]
	}
	return svg, nil
}

func points(xs, ys []float64) plotter.XYs {
	var pts plotter.XYs
	for i := range xs {
		if i < len(ys) && finite(xs[i]) && finite(ys[i]) {
			pts = append(pts, plotter.XY{X: xs[i], Y: ys[i]})
		}
	}
	return pts
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// bandPolygon is the shaded area between Lo and Hi over the points where both
// are defined.
func bandPolygon(s Series) *plotter.Polygon {
	var upper, lower plotter.XYs
	for i := range s.X {
		if finite(s.X[i]) && finite(s.Lo[i]) && finite(s.Hi[i]) {
			upper = append(upper, plotter.XY{X: s.X[i], Y: s.Hi[i]})
			lower = append(lower, plotter.XY{X: s.X[i], Y: s.Lo[i]})
		}
	}
	if len(upper) < 2 {
		return nil
	}
	ring := append(plotter.XYs{}, upper...)
	for i := len(lower) - 1; i >= 0; i-- {
		ring = append(ring, lower[i])
	}
	poly, err := plotter.NewPolygon(ring)
	if err != nil {
		return nil
	}
	return poly
}

// labelTicks puts about twelve labelled ticks on integer positions.
type labelTicks []string

func (l labelTicks) Ticks(min, max float64) []plot.Tick {
	every := max1(len(l) / 12)
	var ticks []plot.Tick
	for i, name := range l {
		if float64(i) < min-0.5 || float64(i) > max+0.5 {
			continue
		}
		t := plot.Tick{Value: float64(i)}
		if i%every == 0 {
			t.Label = name
		}
		ticks = append(ticks, t)
	}
	return ticks
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// heatGrid is Chart.Heat as a gonum GridXYZ: column c is interval c, row r is
// Heat[r] (drawn bottom-up, so the first group is at the bottom).
type heatGrid [][]float64

func (g heatGrid) Dims() (c, r int) {
	if len(g) == 0 {
		return 0, 0
	}
	return len(g[0]), len(g)
}
func (g heatGrid) Z(c, r int) float64 { return g[r][c] }
func (g heatGrid) X(c int) float64    { return float64(c) }
func (g heatGrid) Y(r int) float64    { return float64(r) }
func (g heatGrid) Min() float64       { return 0 }
func (g heatGrid) Max() float64       { return 1 }

// heatSVG renders a heat map: pale (idle) to dark red (saturated), grey where
// nobody was online; the title states the scale (a legend inside gonum's plot
// area would cover cells).
func (c *Chart) heatSVG() (string, error) {
	g := heatGrid(c.Heat)
	if cols, rows := g.Dims(); cols == 0 || rows == 0 {
		return "", fmt.Errorf("chart %q: empty heat map", c.Title)
	}
	pal := heatPalette(11)
	h := plotter.NewHeatMap(g, pal)
	h.NaN = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
	p := plot.New()
	p.Title.Text = c.Title + " (pale 0 % → dark red 100 %, grey: nobody online)"
	p.X.Label.Text = c.XLabel
	p.Y.Label.Text = c.YLabel
	p.Add(h)
	if len(c.XLabels) > 0 {
		p.X.Tick.Marker = labelTicks(c.XLabels)
	}
	if len(c.YLabels) > 0 {
		p.Y.Tick.Marker = allTicks(c.YLabels)
	}
	height := 90 + 28*float64(len(c.Heat))
	return render(p, height)
}

// allTicks labels every integer position (agent groups: a handful).
type allTicks []string

func (l allTicks) Ticks(min, max float64) []plot.Tick {
	out := make([]plot.Tick, len(l))
	for i, s := range l {
		out[i] = plot.Tick{Value: float64(i), Label: s}
	}
	return out
}

// heatPaletteColors runs from pale yellow through orange to dark red.
type heatColors []color.Color

func (h heatColors) Colors() []color.Color { return h }

func heatPalette(n int) heatColors {
	from, mid, to := [3]float64{0xff, 0xf7, 0xd6}, [3]float64{0xf4, 0x8c, 0x3a}, [3]float64{0x99, 0x10, 0x10}
	out := make(heatColors, n)
	for i := range out {
		t := float64(i) / float64(n-1)
		a, b, u := from, mid, 2*t
		if t > 0.5 {
			a, b, u = mid, to, 2*t-1
		}
		out[i] = color.RGBA{uint8(a[0] + (b[0]-a[0])*u), uint8(a[1] + (b[1]-a[1])*u), uint8(a[2] + (b[2]-a[2])*u), 0xff}
	}
	return out
}
