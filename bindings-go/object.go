package ncpcert

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// decodeObject fills the struct that into points at from the JSON object text, for the
// result types whose core JSON ends with "every other field as sent": each field tagged
// `json:"name"` is read from exactly the key name, and the field Extra (a
// map[string]json.RawMessage) receives every other key with its value as sent.
//
// It reads key by key instead of calling json.Unmarshal on the struct because
// encoding/json matches keys without regard to case: an unknown "StatusCode" that NCP sent
// (kept by the core after its own "statusCode") would overwrite the core's value, and
// would be missing from Extra.
func decodeObject(text []byte, into any) error {
	var object map[string]json.RawMessage
	if err := json.Unmarshal(text, &object); err != nil {
		return err
	}
	target := reflect.ValueOf(into).Elem()
	var extra reflect.Value
	for i := 0; i < target.NumField(); i++ {
		field := target.Type().Field(i)
		if field.Name == "Extra" {
			extra = target.Field(i)
			continue
		}
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		raw, ok := object[name]
		if name == "" || name == "-" || !ok {
			continue
		}
		delete(object, name)
		if err := json.Unmarshal(raw, target.Field(i).Addr().Interface()); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if extra.IsValid() && len(object) > 0 {
		extra.Set(reflect.ValueOf(object))
	}
	return nil
}
