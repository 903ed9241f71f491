// The logical type names Kafka Connect writes into schemas; they travel in the JSON envelope and
// in Schema Registry subjects, so they must be byte-identical to Kafka's.
export const DECIMAL_LOGICAL_NAME = 'org.apache.kafka.connect.data.Decimal';
export const DECIMAL_SCALE_FIELD = 'scale';
export const DATE_LOGICAL_NAME = 'org.apache.kafka.connect.data.Date';
export const TIME_LOGICAL_NAME = 'org.apache.kafka.connect.data.Time';
export const TIMESTAMP_LOGICAL_NAME = 'org.apache.kafka.connect.data.Timestamp';
