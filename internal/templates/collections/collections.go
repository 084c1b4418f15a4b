// Package collections holds the template functions on lists: where (filter
// by a dotted key with = != < <= > >= in "not in"), sort (stable, by a key,
// asc or desc), first and in, and the comparisons they share. Numbers
// compare as numbers whatever their Go type, times as times, anything else
// as its printed text. A list is a slice, an array, or a map (its values in
// key order). where names a key that no item of a non-empty list has,
// rather than answering with an empty list.
package collections

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"
)

// ToList turns a slice or array into []any; a map gives its values in key
// order.
func ToList(v any) []any {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).Interface()
		}
		return out
	case reflect.Map:
		keys := rv.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = rv.MapIndex(k).Interface()
		}
		return out
	}
	return nil
}

// field reads a dotted path ("Section", ".Params.city", "title") from a
// struct, a pointer, a map or a method without arguments.
func field(v any, key string) any {
	for _, part := range strings.Split(strings.TrimPrefix(key, "."), ".") {
		if v == nil {
			return nil
		}
		rv := reflect.ValueOf(v)
		if m := rv.MethodByName(part); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() >= 1 {
			v = m.Call(nil)[0].Interface()
			continue
		}
		for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
			rv = rv.Elem()
		}
		switch rv.Kind() {
		case reflect.Struct:
			f := rv.FieldByName(part)
			if !f.IsValid() || !f.CanInterface() {
				return nil
			}
			v = f.Interface()
		case reflect.Map:
			e := rv.MapIndex(reflect.ValueOf(part))
			if !e.IsValid() {
				return nil
			}
			v = e.Interface()
		default:
			return nil
		}
	}
	return v
}

// Where filters a list: where LIST KEY VALUE or where LIST KEY OP VALUE,
// with OP one of = == != < <= > >= in "not in".
func Where(list any, key string, args ...any) ([]any, error) {
	op, want := "==", any(nil)
	switch len(args) {
	case 1:
		want = args[0]
	case 2:
		o, ok := args[0].(string)
		if !ok {
			return nil, fmt.Errorf("where: operator %v is not a string", args[0])
		}
		op, want = o, args[1]
	default:
		return nil, fmt.Errorf("where wants LIST KEY [OP] VALUE")
	}
	if _, err := compare(nil, op, want); err != nil {
		return nil, err // an unknown operator, whatever the list
	}
	var out []any
	items := ToList(list)
	// A misspelt or unknown field would otherwise give an empty list without
	// a word (where .Pages "Key" ... once hid the programme's links).
	if name := strings.SplitN(strings.TrimPrefix(key, "."), ".", 2)[0]; len(items) > 0 && !anyHas(items, name) {
		return nil, fmt.Errorf("where: no item of the list has a field or key %q", name)
	}
	for _, e := range items {
		ok, err := compare(field(e, key), op, want)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, e)
		}
	}
	return out, nil
}

// anyHas reports whether some item has name, the first name of where's
// dotted key: a method, a struct field or a map key. Deeper names (the x of
// Params.x) are data that some or all items may lack.
func anyHas(items []any, name string) bool {
	for _, e := range items {
		rv := reflect.ValueOf(e)
		if !rv.IsValid() {
			continue
		}
		if rv.MethodByName(name).IsValid() {
			return true
		}
		for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
			if rv.IsNil() {
				break
			}
			rv = rv.Elem()
		}
		switch rv.Kind() {
		case reflect.Struct:
			if f, ok := rv.Type().FieldByName(name); ok && f.IsExported() {
				return true
			}
		case reflect.Map:
			k, kt := reflect.ValueOf(name), rv.Type().Key()
			if k.Type().ConvertibleTo(kt) && rv.MapIndex(k.Convert(kt)).IsValid() {
				return true
			}
		}
	}
	return false
}

func compare(a any, op string, b any) (bool, error) {
	switch op {
	case "=", "==", "eq":
		return equal(a, b), nil
	case "!=", "<>", "ne":
		return !equal(a, b), nil
	case "in":
		return In(b, a), nil
	case "not in":
		return !In(b, a), nil
	case "<", "<=", ">", ">=":
		c := order(a, b)
		return map[string]bool{"<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0}[op], nil
	}
	return false, fmt.Errorf("where: unknown operator %q", op)
}

func equal(a, b any) bool {
	if x, ok := ToFloat(a); ok {
		if y, ok := ToFloat(b); ok {
			return x == y
		}
	}
	return fmt.Sprint(a) == fmt.Sprint(b)
}

// In reports whether list (a slice, or a string) holds v.
func In(list any, v any) bool {
	if s, ok := list.(string); ok {
		return strings.Contains(s, fmt.Sprint(v))
	}
	for _, e := range ToList(list) {
		if equal(e, v) {
			return true
		}
	}
	return false
}

func order(a, b any) int {
	if x, ok := a.(time.Time); ok {
		if y, ok := b.(time.Time); ok {
			return x.Compare(y)
		}
	}
	if x, ok := ToFloat(a); ok {
		if y, ok := ToFloat(b); ok {
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

// Sort sorts a list: sort LIST [KEY] ["asc"|"desc"]; the sort is stable.
func Sort(list any, args ...string) []any {
	key, desc := "", false
	for _, a := range args {
		switch strings.ToLower(a) {
		case "asc":
		case "desc":
			desc = true
		default:
			key = a
		}
	}
	out := ToList(list)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if key != "" {
			a, b = field(a, key), field(b, key)
		}
		if desc {
			return order(a, b) > 0
		}
		return order(a, b) < 0
	})
	return out
}

// First is the first n items of a list, or all of a shorter one.
func First(n int, list any) []any {
	l := ToList(list)
	if n < len(l) {
		l = l[:n]
	}
	return l
}

// ToFloat is a number of any Go kind as a float64; false for anything else.
func ToFloat(v any) (float64, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), true
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	}
	return 0, false
}

// IsZero reports whether v is nil, empty (a string, slice, map or array
// of length 0) or its type's zero value: what default replaces.
func IsZero(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Map, reflect.String, reflect.Array:
		return rv.Len() == 0
	}
	return rv.IsZero()
}
