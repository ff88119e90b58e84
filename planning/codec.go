package planning

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
)

// The partial-result codec writes reports.RepValues and reports.Meta as JSON
// whatever fields they grow, exactly: floats in Go's shortest round-trip form, NaN
// (an undefined metric) as null and infinities as "+Inf"/"-Inf" — which
// encoding/json refuses — so that a merged report is bit-identical to a single
// run's. It handles the kinds those types use: structs (exported fields, by name),
// slices, arrays, strings, booleans, integers and floats, and pointers (nil as
// null), which tune-bot partials need for a point's *reports.Report.

// encode turns v into a JSON-ready tree.
func encode(v reflect.Value) (any, error) {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		switch {
		case math.IsNaN(f):
			return nil, nil
		case math.IsInf(f, 1):
			return "+Inf", nil
		case math.IsInf(f, -1):
			return "-Inf", nil
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return json.Number(strconv.FormatInt(v.Int(), 10)), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return json.Number(strconv.FormatUint(v.Uint(), 10)), nil
	case reflect.String:
		return v.String(), nil
	case reflect.Bool:
		return v.Bool(), nil
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil, nil
		}
		out := make([]any, v.Len())
		for i := range out {
			e, err := encode(v.Index(i))
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	case reflect.Pointer:
		if v.IsNil() {
			return nil, nil
		}
		return encode(v.Elem())
	case reflect.Struct:
		out := map[string]any{}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			e, err := encode(v.Field(i))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f.Name, err)
			}
			out[f.Name] = e
		}
		return out, nil
	}
	return nil, fmt.Errorf("cannot encode a %s", v.Type())
}

// decode fills v (settable) from a tree decoded with json.Decoder.UseNumber.
func decode(x any, v reflect.Value) error {
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		switch y := x.(type) {
		case nil:
			v.SetFloat(math.NaN())
		case string:
			switch y {
			case "+Inf":
				v.SetFloat(math.Inf(1))
			case "-Inf":
				v.SetFloat(math.Inf(-1))
			default:
				return fmt.Errorf("%q is not a number", y)
			}
		case json.Number:
			f, err := strconv.ParseFloat(string(y), 64)
			if err != nil {
				return err
			}
			v.SetFloat(f)
		default:
			return fmt.Errorf("want a number, got %T", x)
		}
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := x.(json.Number)
		if !ok {
			return fmt.Errorf("want an integer, got %T", x)
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil || v.OverflowInt(i) {
			return fmt.Errorf("%s is not a %s", n, v.Type())
		}
		v.SetInt(i)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := x.(json.Number)
		if !ok {
			return fmt.Errorf("want an integer, got %T", x)
		}
		u, err := strconv.ParseUint(string(n), 10, 64)
		if err != nil || v.OverflowUint(u) {
			return fmt.Errorf("%s is not a %s", n, v.Type())
		}
		v.SetUint(u)
		return nil
	case reflect.String:
		s, ok := x.(string)
		if !ok {
			return fmt.Errorf("want a string, got %T", x)
		}
		v.SetString(s)
		return nil
	case reflect.Bool:
		b, ok := x.(bool)
		if !ok {
			return fmt.Errorf("want a boolean, got %T", x)
		}
		v.SetBool(b)
		return nil
	case reflect.Slice, reflect.Array:
		if x == nil {
			v.SetZero()
			return nil
		}
		xs, ok := x.([]any)
		if !ok {
			return fmt.Errorf("want a list, got %T", x)
		}
		if v.Kind() == reflect.Slice {
			v.Set(reflect.MakeSlice(v.Type(), len(xs), len(xs)))
		} else if len(xs) != v.Len() {
			return fmt.Errorf("want %d values, got %d", v.Len(), len(xs))
		}
		for i, e := range xs {
			if err := decode(e, v.Index(i)); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
		return nil
	case reflect.Pointer:
		if x == nil {
			v.SetZero()
			return nil
		}
		v.Set(reflect.New(v.Type().Elem()))
		return decode(x, v.Elem())
	case reflect.Struct:
		m, ok := x.(map[string]any)
		if !ok {
			return fmt.Errorf("want an object, got %T", x)
		}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			e, ok := m[f.Name]
			if !ok {
				return fmt.Errorf("%s: missing (written by another omnisim version?)", f.Name)
			}
			if err := decode(e, v.Field(i)); err != nil {
				return fmt.Errorf("%s: %w", f.Name, err)
			}
		}
		return nil
	}
	return fmt.Errorf("cannot decode a %s", v.Type())
}

// marshalExact encodes v with the codec.
func marshalExact(v any) (json.RawMessage, error) {
	tree, err := encode(reflect.ValueOf(v))
	if err != nil {
		return nil, err
	}
	return json.Marshal(tree)
}

// unmarshalExact decodes data into *ptr with the codec.
func unmarshalExact(data json.RawMessage, ptr any) error {
	var tree any
	dec := json.NewDecoder(bytesReader(data))
	dec.UseNumber()
	if err := dec.Decode(&tree); err != nil {
		return err
	}
	return decode(tree, reflect.ValueOf(ptr).Elem())
}
