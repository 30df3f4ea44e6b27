package ncpcert

import (
	"context"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// The zero-import build of the C ABI (bindings-c, wasm32-unknown-unknown). It is built by
// bindings-c/build-wasm.sh, which copies it here; without it this package does not compile
// ("pattern ncpcert-ffi.wasm: no matching files found").
//
//go:embed ncpcert-ffi.wasm
var wasmModule []byte

// engine is one instance of the module. A wasm instance runs one call at a time, so every
// call holds mu. After a trap (a bug in ncpcert) the instance is dropped and the next call
// makes a new one.
type engine struct {
	mu         sync.Mutex
	runtime    wazero.Runtime
	compiled   wazero.CompiledModule
	module     api.Module
	generation uint64
}

var shared = &engine{}

// Status codes of the C ABI (SPEC §11).
const (
	statusOK         = 0
	statusSigning    = 1
	statusValidation = 2
	statusCSR        = 3
	statusAPI        = 4
	statusArgument   = 5
	statusInternal   = 6
)

func (e *engine) ensure(ctx context.Context) error {
	if e.module != nil {
		return nil
	}
	if e.runtime == nil {
		e.runtime = wazero.NewRuntime(ctx)
		compiled, err := e.runtime.CompileModule(ctx, wasmModule)
		if err != nil {
			return &InternalError{Code: "internal.engine", Message: "cannot compile ncpcert-ffi.wasm: " + err.Error()}
		}
		e.compiled = compiled
	}
	module, err := e.runtime.InstantiateModule(ctx, e.compiled, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		return &InternalError{Code: "internal.engine", Message: "cannot start ncpcert-ffi.wasm: " + err.Error()}
	}
	e.module = module
	e.generation++
	return nil
}

// session is one locked use of the instance: inputs copied in, outputs read back, every
// block released at the end.
type session struct {
	ctx    context.Context
	module api.Module
	blocks [][2]uint32 // (pointer, size) to release
}

func (s *session) fn(name string) api.Function {
	return s.module.ExportedFunction(name)
}

func (s *session) alloc(size uint32) (uint32, error) {
	results, err := s.fn("ncpcert_alloc").Call(s.ctx, uint64(size))
	if err != nil {
		return 0, err
	}
	ptr := api.DecodeU32(results[0])
	if ptr == 0 {
		return 0, fmt.Errorf("ncpcert-ffi.wasm is out of memory (%d bytes)", size)
	}
	s.blocks = append(s.blocks, [2]uint32{ptr, size})
	return ptr, nil
}

// bytes copies data into module memory: the (pointer, length) pair to pass.
func (s *session) bytes(data []byte) (uint64, uint64, error) {
	ptr, err := s.alloc(uint32(len(data)))
	if err != nil {
		return 0, 0, err
	}
	if !s.module.Memory().Write(ptr, data) {
		return 0, 0, fmt.Errorf("cannot write %d bytes into ncpcert-ffi.wasm", len(data))
	}
	return uint64(ptr), uint64(len(data)), nil
}

// buf reads and frees the ncpcert_buf at ptr ({u32 data, u32 len} on wasm32).
func (s *session) buf(ptr uint32) ([]byte, error) {
	mem := s.module.Memory()
	header, ok := mem.Read(ptr, 8)
	if !ok {
		return nil, fmt.Errorf("ncpcert_buf out of range")
	}
	data, length := binary.LittleEndian.Uint32(header[:4]), binary.LittleEndian.Uint32(header[4:])
	var out []byte
	if data != 0 {
		view, ok := mem.Read(data, length)
		if !ok {
			return nil, fmt.Errorf("ncpcert_buf data out of range")
		}
		out = append([]byte(nil), view...)
	}
	if _, err := s.fn("ncpcert_buf_free").Call(s.ctx, uint64(ptr)); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *session) release() {
	for _, b := range s.blocks {
		_, _ = s.fn("ncpcert_dealloc").Call(s.ctx, uint64(b[0]), uint64(b[1]))
	}
}

// with runs f on the instance under the lock. A trap or engine failure comes back as an
// *InternalError, and the instance is dropped.
func (e *engine) with(f func(s *session, generation uint64) error) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	ctx := context.Background()
	if err := e.ensure(ctx); err != nil {
		return err
	}
	s := &session{ctx: ctx, module: e.module}
	err := f(s, e.generation)
	if err == nil || isNcpError(err) {
		s.release()
		return err
	}
	// A trap: the instance's memory can no longer be trusted.
	_ = e.module.Close(ctx)
	e.module = nil
	return &InternalError{Code: "internal.panic", Message: "ncpcert failed unexpectedly (a bug: please report it): " + err.Error()}
}

// call runs one C ABI function whose last argument is an ncpcert_buf *out, and turns its
// status and JSON into the result text or the matching error type.
func call(name string, args func(s *session) ([]uint64, error)) ([]byte, error) {
	var result []byte
	err := shared.with(func(s *session, _ uint64) error {
		params, err := args(s)
		if err != nil {
			return err
		}
		result, err = s.invoke(name, params...)
		return err
	})
	return result, err
}

// invoke calls the C ABI function name with params and an ncpcert_buf *out as its last
// argument: the buffer's text on status 0, else the error type of the status.
func (s *session) invoke(name string, params ...uint64) ([]byte, error) {
	out, err := s.alloc(8)
	if err != nil {
		return nil, err
	}
	results, err := s.fn(name).Call(s.ctx, append(params, uint64(out))...)
	if err != nil {
		return nil, err
	}
	text, err := s.buf(out)
	if err != nil {
		return nil, err
	}
	if status := int32(api.DecodeU32(results[0])); status != statusOK {
		return nil, errorFromJSON(status, text)
	}
	return text, nil
}

// newHandle calls a C ABI constructor — params, then the handle's out pointer, then an
// ncpcert_buf *error — and returns the handle it made.
func (s *session) newHandle(name string, params ...uint64) (uint32, error) {
	handleOut, err := s.alloc(4)
	if err != nil {
		return 0, err
	}
	if _, err := s.invoke(name, append(params, uint64(handleOut))...); err != nil {
		return 0, err
	}
	handle, _ := s.module.Memory().ReadUint32Le(handleOut)
	return handle, nil
}

// errorFromJSON makes the error type of a status from the host error JSON.
func errorFromJSON(status int32, text []byte) error {
	var target error
	switch status {
	case statusSigning:
		target = &SigningError{}
	case statusValidation:
		target = &ValidationError{}
	case statusCSR:
		target = &CSRError{}
	case statusAPI:
		target = &APIError{}
	case statusArgument:
		target = &ArgumentError{}
	default:
		target = &InternalError{}
	}
	if err := json.Unmarshal(text, target); err != nil {
		return &InternalError{Code: "internal.engine", Message: fmt.Sprintf("unreadable error (status %d): %v", status, err)}
	}
	return target
}
