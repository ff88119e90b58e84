package reports

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Series is one line of a chart. Points with a NaN coordinate are left out (an
// interval without traffic has no service level). Lo and Hi, when set, draw a
// shaded band (a 95 % confidence interval) around the line, clamped to the
// metric's range (see Chart.Percent and Chart.Signed).
type Series struct {
	Name   string
	X, Y   []float64
	Lo, Hi []float64
	Dashed bool
	Steps  bool // draw as a step function (staffing per interval)
}

// Mark is a labelled point drawn over a chart's lines (the recommended
// threshold of tune-bot).
type Mark struct {
	X, Y  float64
	Label string
}

// Chart is a line chart (or a heat map) rendered to inline SVG with
// gonum.org/v1/plot. Its legend sits below the plot area, never over the data.
type Chart struct {
	Title, XLabel, YLabel string
	Series                []Series
	// XLabels name integer X positions (interval starts); every label is kept but
	// only about twelve are printed.
	XLabels []string
	// YMin and YMax fix the Y axis when YMax > YMin (in the data's units: shares
	// 0..1 even when Percent).
	YMin, YMax float64
	// Percent says the values are shares in [0, 1]: the axis reads 0–100 %, as
	// the tables do, and bands are clamped to [0, 1].
	Percent bool
	// Signed says the values may be negative; otherwise (times, counts, costs,
	// shares) bands are clamped at 0.
	Signed bool
	// Target draws a horizontal reference line (a service level target) when > 0.
	Target     float64
	TargetName string
	// Marks are labelled points (a recommendation).
	Marks []Mark
	// Heat, when set, makes the chart a heat map instead of lines: one row per
	// YLabels entry, one column per XLabels entry, colored from 0 to 1 (a share),
	// with a colour scale under it.
	Heat    [][]float64
	YLabels []string

	// The defects of charts before legends moved out and bands were clamped,
	// kept so that tests can show the checks catch them.
	legendInside, unclamped bool
}

// palette are the series colors: distinguishable, and readable when printed grey.
var palette = []color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xd6, 0x27, 0x28, 0xff}, {0x2c, 0xa0, 0x2c, 0xff},
	{0xff, 0x7f, 0x0e, 0xff}, {0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff},
}

// Chart sizes, in points: wide enough for 48 interval labels. margin is left
// free on every side: browsers draw the SVG's text with whatever sans-serif font
// they have, which may be wider than the metrics gonum lays it out with.
const (
	chartWidth  = 720
	chartHeight = 300
	margin      = 10
	legendRow   = 16 // height of a legend row
)

// SVG renders the chart as an <svg> element, without XML prolog, ready to inline
// in HTML.
func (c *Chart) SVG() (string, error) {
	f, err := c.figure()
	if err != nil {
		return "", err
	}
	svg, _, err := f.render()
	return svg, err
}

// Problems returns what a planner would stumble on in the rendered chart: text
// cut at the edge of the image, a legend or other text over the plot area, a
// confidence band outside its metric's range. A chart this package builds has
// none; the HTML tests fail on any.
func (c *Chart) Problems() ([]string, error) {
	f, err := c.figure()
	if err != nil {
		return nil, err
	}
	_, l, err := f.render()
	if err != nil {
		return nil, err
	}
	return l.problems(), nil
}

// figure is a chart made into a gonum plot, with its legend entries and bands
// kept aside for the layout below the plot and for the checks.
type figure struct {
	title        string
	plot         *plot.Plot
	height       float64
	legend       []legendItem
	legendInside bool // gonum's own legend, in the plot area (what charts did before; tests use it)
	bands        []band
	marks        []string // labels drawn in the plot area on purpose
	heat         *heatScale
}

type legendItem struct {
	name  string
	thumb plot.Thumbnailer
}

// band is the drawn extent of a confidence band, with its metric's range.
type band struct {
	series   string
	lo, hi   []float64
	min, max float64
}

// figure builds the plot of a chart.
func (c *Chart) figure() (*figure, error) {
	if c.Heat != nil {
		return c.heatFigure()
	}
	scale := 1.0
	if c.Percent {
		scale = 100
	}
	lo, hi := math.Inf(-1), math.Inf(1)
	if !c.Signed {
		lo = 0
	}
	if c.Percent {
		hi = 1
	}
	p := plot.New()
	p.Title.Text = c.Title
	p.X.Label.Text = c.XLabel
	p.Y.Label.Text = c.YLabel
	if c.Percent && !strings.Contains(c.YLabel, "%") {
		p.Y.Label.Text = strings.TrimSpace(c.YLabel + " (%)")
	}
	p.Add(plotter.NewGrid())
	if c.YMax > c.YMin {
		p.Y.Min, p.Y.Max = scale*c.YMin, scale*c.YMax
	} else if !c.Signed {
		p.Y.Min = 0
	}
	if len(c.XLabels) > 0 {
		p.X.Tick.Marker = labelTicks(c.XLabels)
	} else {
		p.X.Tick.Marker = plainTicks{}
	}
	p.Y.Tick.Marker = plainTicks{}
	f := &figure{title: c.Title, plot: p, height: chartHeight, legendInside: c.legendInside}
	xmin, xmax, ymax := math.Inf(1), math.Inf(-1), math.Inf(-1)
	for k, s := range c.Series {
		col := palette[k%len(palette)]
		if len(s.Lo) == len(s.X) && len(s.Hi) == len(s.X) {
			b := band{series: s.Name, min: lo, max: hi}
			for i := range s.X {
				if c.unclamped {
					b.lo, b.hi = append(b.lo, s.Lo[i]), append(b.hi, s.Hi[i])
					continue
				}
				b.lo = append(b.lo, clamp(s.Lo[i], lo, hi))
				b.hi = append(b.hi, clamp(s.Hi[i], lo, hi))
			}
			for _, v := range b.hi {
				if finite(v) {
					ymax = math.Max(ymax, scale*v)
				}
			}
			if poly := bandPolygon(s.X, b.lo, b.hi, scale); poly != nil {
				poly.Color = color.NRGBA{col.R, col.G, col.B, 0x40}
				poly.LineStyle.Width = 0
				p.Add(poly)
				f.bands = append(f.bands, b)
			}
		}
		pts := points(s.X, s.Y, scale)
		if s.Steps && len(pts) > 0 {
			// a step holds for its whole interval, the last one too
			last := pts[len(pts)-1]
			pts = append(pts, plotter.XY{X: last.X + 1, Y: last.Y})
		}
		for _, pt := range pts {
			xmin, xmax, ymax = math.Min(xmin, pt.X), math.Max(xmax, pt.X), math.Max(ymax, pt.Y)
		}
		if len(pts) == 0 {
			continue
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("chart %q, series %q: %w", c.Title, s.Name, err)
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
			f.legend = append(f.legend, legendItem{s.Name, line})
		}
	}
	if c.Target > 0 && xmax >= xmin {
		ref, err := plotter.NewLine(plotter.XYs{{X: xmin, Y: scale * c.Target}, {X: xmax, Y: scale * c.Target}})
		if err == nil {
			ref.Color = color.RGBA{0x55, 0x55, 0x55, 0xff}
			ref.Width = vg.Points(1.2)
			ref.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
			p.Add(ref)
			if c.TargetName != "" {
				f.legend = append(f.legend, legendItem{c.TargetName, ref})
			}
		}
	}
	if !(c.YMax > c.YMin) && ymax > 0 && finite(ymax) {
		// headroom: a line at the top of the data does not run along the frame
		p.Y.Max = math.Max(ymax*1.06, scale*c.Target*1.06)
	}
	for _, m := range c.Marks {
		if !finite(m.X) || !finite(m.Y) {
			continue
		}
		pt := plotter.XYs{{X: m.X, Y: scale * m.Y}}
		sc, err := plotter.NewScatter(pt)
		if err != nil {
			continue
		}
		sc.GlyphStyle.Color = color.Black
		sc.GlyphStyle.Radius = vg.Points(5)
		sc.GlyphStyle.Shape = draw.RingGlyph{}
		sc.GlyphStyle.Radius = vg.Points(6)
		p.Add(sc)
		if m.Label != "" {
			f.legend = append(f.legend, legendItem{m.Label, sc})
		}
	}
	return f, nil
}

func clamp(v, lo, hi float64) float64 {
	if math.IsNaN(v) {
		return v
	}
	return math.Max(lo, math.Min(hi, v))
}

// legendColumns is how many legend entries sit side by side under a plot: as
// many as fit the width at the widest entry.
func (f *figure) legendColumns(sty draw.TextStyle, thumb vg.Length) int {
	widest := vg.Length(0)
	for _, e := range f.legend {
		widest = max(widest, thumb+sty.Width(" "+e.name))
	}
	// room for a font up to a fifth wider than gonum's metrics, and a gap
	cell := widest*1.2 + 16
	n := int(float64(vg.Points(chartWidth-2*margin)) / float64(cell))
	return max(1, min(n, len(f.legend)))
}

// render draws the figure to SVG and returns what was drawn where.
func (f *figure) render() (string, *layout, error) {
	leg := plot.NewLegend()
	cols := max(1, f.legendColumns(leg.TextStyle, leg.ThumbnailWidth))
	rows := 0
	if !f.legendInside && len(f.legend) > 0 {
		rows = (len(f.legend) + cols - 1) / cols
	}
	legendH := float64(rows * legendRow)
	if rows > 0 {
		legendH += 6
	}
	if f.heat != nil {
		legendH += heatScaleHeight
	}
	w, h := vg.Points(chartWidth), vg.Points(f.height+legendH)
	svgc := vgsvg.New(w, h)
	rec := &recorder{Canvas: svgc}
	rec.reset()
	dc := draw.NewCanvas(rec, w, h)
	inner := draw.Crop(dc, vg.Points(margin), -vg.Points(margin), vg.Points(margin+legendH), -vg.Points(margin/2))
	if f.legendInside {
		f.plot.Legend = plot.NewLegend()
		f.plot.Legend.Top = true
		for _, e := range f.legend {
			f.plot.Legend.Add(e.name, e.thumb)
		}
	}
	f.plot.Draw(inner)
	l := &layout{title: f.title, width: float64(w), height: float64(h), bands: f.bands, marks: f.marks}
	da := f.plot.DataCanvas(inner).Rectangle
	l.data = da
	if !f.legendInside && rows > 0 {
		cellW := (w - 2*vg.Points(margin)) / vg.Length(cols)
		top := vg.Points(margin + legendH)
		if f.heat != nil {
			top -= vg.Points(heatScaleHeight)
		}
		for i, e := range f.legend {
			r, cl := i/cols, i%cols
			x0 := vg.Points(margin) + vg.Length(cl)*cellW
			y1 := top - vg.Length(r)*vg.Points(legendRow)
			cell := draw.Canvas{Canvas: rec, Rectangle: vg.Rectangle{Min: vg.Point{X: x0, Y: y1 - vg.Points(legendRow)}, Max: vg.Point{X: x0 + cellW, Y: y1}}}
			one := plot.NewLegend()
			one.Left, one.Top = true, true
			one.Add(e.name, e.thumb)
			one.Draw(cell)
		}
	}
	if f.heat != nil {
		f.heat.draw(draw.Canvas{Canvas: rec, Rectangle: vg.Rectangle{
			Min: vg.Point{X: da.Min.X, Y: vg.Points(margin)},
			Max: vg.Point{X: da.Max.X, Y: vg.Points(margin + heatScaleHeight)}}})
	}
	l.texts = rec.texts
	for _, e := range f.legend {
		l.legendNames = append(l.legendNames, e.name)
	}
	var b bytes.Buffer
	if _, err := svgc.WriteTo(&b); err != nil {
		return "", nil, err
	}
	svg := b.String()
	if i := strings.Index(svg, "<svg"); i > 0 {
		svg = svg[i:]
	}
	return svg, l, nil
}

func points(xs, ys []float64, scale float64) plotter.XYs {
	var pts plotter.XYs
	for i := range xs {
		if i < len(ys) && finite(xs[i]) && finite(ys[i]) {
			pts = append(pts, plotter.XY{X: xs[i], Y: scale * ys[i]})
		}
	}
	return pts
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// bandPolygon is the shaded area between lo and hi over the points where both
// are defined.
func bandPolygon(xs, lo, hi []float64, scale float64) *plotter.Polygon {
	var upper, lower plotter.XYs
	for i := range xs {
		if finite(xs[i]) && finite(lo[i]) && finite(hi[i]) {
			upper = append(upper, plotter.XY{X: xs[i], Y: scale * hi[i]})
			lower = append(lower, plotter.XY{X: xs[i], Y: scale * lo[i]})
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

// plainTicks are gonum's default ticks with labels in their shortest form
// (2500, not 2500.00; 0.5, not 0.50).
type plainTicks struct{}

func (plainTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'f', -1, 64)
			if len(ticks[i].Label) > 8 {
				ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'g', 4, 64)
			}
		}
	}
	return ticks
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

// heatFigure is a heat map: pale (idle) to dark red (saturated), grey where
// nobody was online, with its colour scale drawn under the plot.
func (c *Chart) heatFigure() (*figure, error) {
	g := heatGrid(c.Heat)
	if cols, rows := g.Dims(); cols == 0 || rows == 0 {
		return nil, fmt.Errorf("chart %q: empty heat map", c.Title)
	}
	pal := heatPalette(11)
	h := plotter.NewHeatMap(g, pal)
	h.NaN = heatNaN
	p := plot.New()
	p.Title.Text = c.Title
	p.X.Label.Text = c.XLabel
	p.Y.Label.Text = c.YLabel
	p.Add(h)
	if len(c.XLabels) > 0 {
		p.X.Tick.Marker = labelTicks(c.XLabels)
	}
	if len(c.YLabels) > 0 {
		p.Y.Tick.Marker = allTicks(c.YLabels)
	}
	return &figure{title: c.Title, plot: p, height: 90 + 28*float64(len(c.Heat)), heat: &heatScale{pal}}, nil
}

var heatNaN = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}

// heatScale is a heat map's colour bar: the palette from 0 % to 100 % with
// ticks, and a grey swatch for "nobody online".
type heatScale struct{ pal heatColors }

const heatScaleHeight = 34

func (s *heatScale) draw(c draw.Canvas) {
	sty := plot.NewLegend().TextStyle
	sty.Font.Size = vg.Points(10)
	label := "utilization: "
	x := c.Min.X
	barY0, barY1 := c.Max.Y-vg.Points(14), c.Max.Y-vg.Points(4)
	c.FillText(sty, vg.Point{X: x, Y: barY0}, label)
	x += sty.Width(label) + vg.Points(4)
	barW := vg.Points(220)
	n := len(s.pal)
	for i, col := range s.pal {
		x0 := x + barW*vg.Length(i)/vg.Length(n)
		x1 := x + barW*vg.Length(i+1)/vg.Length(n)
		c.SetColor(col)
		c.Fill(vg.Rectangle{Min: vg.Point{X: x0, Y: barY0}, Max: vg.Point{X: x1, Y: barY1}}.Path())
	}
	tick := sty
	tick.XAlign = draw.XCenter
	for _, v := range []float64{0, 0.5, 1} {
		c.FillText(tick, vg.Point{X: x + barW*vg.Length(v), Y: barY0 - vg.Points(11)}, fmt.Sprintf("%.0f %%", 100*v))
	}
	x += barW + vg.Points(24)
	c.SetColor(heatNaN)
	c.Fill(vg.Rectangle{Min: vg.Point{X: x, Y: barY0}, Max: vg.Point{X: x + vg.Points(18), Y: barY1}}.Path())
	c.FillText(sty, vg.Point{X: x + vg.Points(22), Y: barY0}, "nobody online")
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
