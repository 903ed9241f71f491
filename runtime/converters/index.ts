// Built-in converters, by the class names connector configs use for them.
export { JsonConverter, jsonConverterConfigDef } from './json/json-converter.ts';
export { StringConverter } from './string-converter.ts';
export { ByteArrayConverter } from './byte-array-converter.ts';
export { ShortConverter, IntegerConverter, LongConverter, FloatConverter, DoubleConverter } from './number-converters.ts';
export { SimpleHeaderConverter } from './header/simple-header-converter.ts';
export { convertToString } from './header/values-to-string.ts';
export { parseString } from './header/values-parse-string.ts';
export { CONVERTER_TYPE_CONFIG, type ConverterType } from './converter-type.ts';
