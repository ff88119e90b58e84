package sim

import (
	"reflect"
	"testing"
)

// add covers every field of Tally: fill each with 1 (histograms with one value),
// add the tally to itself twice, and every field must read 3.
func TestTallyAddCoversEveryField(t *testing.T) {
	var one Tally
	v := reflect.ValueOf(&one).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Int64:
			f.SetInt(1)
		case reflect.Float64:
			f.SetFloat(1)
		case reflect.Array:
			for j := 0; j < f.Len(); j++ {
				f.Index(j).SetFloat(1)
			}
		case reflect.Struct:
			f.Addr().Interface().(*Hist).Record(1000)
		}
	}
	var sum Tally
	if !sum.empty() || one.empty() {
		t.Fatal("empty() is wrong")
	}
	for k := 0; k < 3; k++ {
		sum.add(&one)
	}
	s := reflect.ValueOf(sum)
	for i := 0; i < s.NumField(); i++ {
		f, name := s.Field(i), s.Type().Field(i).Name
		switch f.Kind() {
		case reflect.Int64:
			if f.Int() != 3 {
				t.Errorf("%s = %d", name, f.Int())
			}
		case reflect.Float64:
			if f.Float() != 3 {
				t.Errorf("%s = %v", name, f.Float())
			}
		case reflect.Array:
			for j := 0; j < f.Len(); j++ {
				if f.Index(j).Float() != 3 {
					t.Errorf("%s[%d] = %v", name, j, f.Index(j).Float())
				}
			}
		case reflect.Struct:
			h := f.Interface().(Hist)
			if h.Count() != 3 || h.Quantile(0.5) != float64(histValue(histIndex(1000))) {
				t.Errorf("%s: count %d", name, h.Count())
			}
		}
	}
}
