package reports

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// recorder is a vg.Canvas that draws through to another and records where every
// string lands, in the canvas's own coordinates (points, origin bottom left):
// the chart checks read the geometry of what was actually drawn, not a model of
// it.
type recorder struct {
	vg.Canvas
	m     affine
	stack []affine
	texts []textBox
}

// affine maps local coordinates to the canvas: (x, y) → (a·x + c·y + e, b·x + d·y + f).
type affine struct{ a, b, c, d, e, f float64 }

func (t affine) apply(x, y float64) (float64, float64) {
	return t.a*x + t.c*y + t.e, t.b*x + t.d*y + t.f
}

// then returns t followed (in local coordinates) by u: the transform after
// u is applied inside t.
func (t affine) then(u affine) affine {
	return affine{
		a: t.a*u.a + t.c*u.b, b: t.b*u.a + t.d*u.b,
		c: t.a*u.c + t.c*u.d, d: t.b*u.c + t.d*u.d,
		e: t.a*u.e + t.c*u.f + t.e, f: t.b*u.e + t.d*u.f + t.f,
	}
}

func (r *recorder) reset() { r.m = affine{a: 1, d: 1} }

func (r *recorder) Translate(pt vg.Point) {
	r.m = r.m.then(affine{a: 1, d: 1, e: float64(pt.X), f: float64(pt.Y)})
	r.Canvas.Translate(pt)
}

func (r *recorder) Rotate(rad float64) {
	sin, cos := math.Sincos(rad)
	r.m = r.m.then(affine{a: cos, b: sin, c: -sin, d: cos})
	r.Canvas.Rotate(rad)
}

func (r *recorder) Scale(x, y float64) {
	r.m = r.m.then(affine{a: x, d: y})
	r.Canvas.Scale(x, y)
}

func (r *recorder) Push() {
	r.stack = append(r.stack, r.m)
	r.Canvas.Push()
}

func (r *recorder) Pop() {
	if n := len(r.stack); n > 0 {
		r.m, r.stack = r.stack[n-1], r.stack[:n-1]
	}
	r.Canvas.Pop()
}

// FillString records the string's box: from its baseline start, its width
// along the baseline, its ascent above and descent below.
func (r *recorder) FillString(f font.Face, pt vg.Point, text string) {
	r.Canvas.FillString(f, pt, text)
	if text == "" {
		return
	}
	ext := f.Extents()
	w := float64(f.Width(text))
	x0, y0 := float64(pt.X), float64(pt.Y)
	box := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, c := range [4][2]float64{{x0, y0 - float64(ext.Descent)}, {x0 + w, y0 - float64(ext.Descent)},
		{x0, y0 + float64(ext.Ascent)}, {x0 + w, y0 + float64(ext.Ascent)}} {
		x, y := r.m.apply(c[0], c[1])
		box = box.extend(x, y)
	}
	r.texts = append(r.texts, textBox{text: text, r: box})
}

type rect struct{ x0, y0, x1, y1 float64 }

func (b rect) extend(x, y float64) rect {
	return rect{math.Min(b.x0, x), math.Min(b.y0, y), math.Max(b.x1, x), math.Max(b.y1, y)}
}

func (b rect) overlaps(o rect) bool {
	return b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1
}

type textBox struct {
	text string
	r    rect
}

// layout is what a chart's rendering put where: the image size, the plot (data)
// area, every string's box, the confidence bands as drawn.
type layout struct {
	title         string
	width, height float64
	data          vg.Rectangle
	texts         []textBox
	legendNames   []string
	bands         []band
	marks         []string
}

// fontSlack is how much wider than gonum's metrics a browser's fallback
// sans-serif may draw a string (DejaVu Sans against Liberation Sans: about 10 %).
const fontSlack = 0.15

// problems lists the defects a reader would stumble on:
//   - a string that reaches beyond the image (clipped), allowing for a wider font;
//   - a string inside the plot area (a legend entry over the data), other than
//     the labels of marks, which are there on purpose;
//   - a band outside its metric's range (a wait below 0 s, a share above 100 %).
func (l *layout) problems() []string {
	var out []string
	data := rect{float64(l.data.Min.X), float64(l.data.Min.Y), float64(l.data.Max.X), float64(l.data.Max.Y)}
	onPurpose := map[string]bool{}
	for _, m := range l.marks {
		onPurpose[m] = true
	}
	for _, t := range l.texts {
		grow := fontSlack * (t.r.x1 - t.r.x0) / 2
		wide := rect{t.r.x0 - grow, t.r.y0, t.r.x1 + grow, t.r.y1}
		if wide.x0 < 0 || wide.y0 < 0 || wide.x1 > l.width || wide.y1 > l.height {
			out = append(out, fmt.Sprintf("chart %q: text %q is clipped at the edge of the image (box %.0f,%.0f–%.0f,%.0f in %.0f×%.0f)",
				l.title, t.text, wide.x0, wide.y0, wide.x1, wide.y1, l.width, l.height))
		}
		if !onPurpose[t.text] && t.r.overlaps(data) {
			what := "text"
			for _, n := range l.legendNames {
				if n == t.text {
					what = "legend entry"
				}
			}
			out = append(out, fmt.Sprintf("chart %q: %s %q is over the plot area", l.title, what, t.text))
		}
	}
	for _, b := range l.bands {
		for i := range b.lo {
			if b.lo[i] < b.min-1e-12 || b.hi[i] > b.max+1e-12 {
				out = append(out, fmt.Sprintf("chart %q: band of %q at point %d is [%g, %g], outside its metric's range [%g, %g]",
					l.title, b.series, i, b.lo[i], b.hi[i], b.min, b.max))
				break
			}
		}
	}
	return out
}
