//! The few JavaScript built-ins the conversions call, imported directly rather than through
//! `js-sys`: linking `js-sys` also brings its futures support and a set of closure shims into
//! every module's function table, which no optimiser can drop (about 0.5 KB gzipped of each
//! .wasm, a share the signing-only module's budget can ill afford). Each import is the same
//! JavaScript call `js-sys` makes for it.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A JavaScript array (`Array`).
    #[wasm_bindgen(js_name = Array)]
    pub type JsArray;

    /// `new Array()`.
    #[wasm_bindgen(constructor, js_class = "Array")]
    pub fn new() -> JsArray;

    /// `array.push(value)`.
    #[wasm_bindgen(method, js_class = "Array")]
    pub fn push(this: &JsArray, value: &JsValue) -> u32;

    /// `array.length`.
    #[wasm_bindgen(method, getter, structural)]
    pub fn length(this: &JsArray) -> u32;

    /// `array[index]`.
    #[wasm_bindgen(method, structural, indexing_getter)]
    pub fn get(this: &JsArray, index: u32) -> JsValue;

    /// `Array.isArray(value)`.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray)]
    pub fn is_array(value: &JsValue) -> bool;

    /// `Number.isSafeInteger(value)`.
    #[wasm_bindgen(js_namespace = Number, js_name = isSafeInteger)]
    pub fn is_safe_integer(value: &JsValue) -> bool;

    /// A plain JavaScript object (`Object`).
    #[wasm_bindgen(js_name = Object)]
    pub type JsObject;

    /// `new Object()`.
    #[wasm_bindgen(constructor, js_class = "Object")]
    pub fn new() -> JsObject;

    /// `Object.entries(object)`: its own enumerable string-keyed `[key, value]` pairs.
    #[wasm_bindgen(js_namespace = Object, js_name = entries)]
    pub fn entries(object: &JsValue) -> JsArray;

    /// `Reflect.set(target, key, value)`.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set, catch)]
    pub fn set(target: &JsValue, key: &JsValue, value: &JsValue) -> Result<bool, JsValue>;

    /// A JavaScript string (`String`).
    #[wasm_bindgen(js_name = String)]
    pub type JsString;

    /// `string.isWellFormed()`: no lone surrogate.
    #[wasm_bindgen(method, js_class = "String", js_name = isWellFormed)]
    pub fn is_well_formed(this: &JsString) -> bool;
}
