// Kafka's file connectors: a file (or stdin) to a topic, and topics to a file (or stdout).
export { FileStreamSourceConnector, FILE_STREAM_SOURCE_CLASS } from './file-stream-source-connector.ts';
export { FileStreamSourceTask } from './file-stream-source-task.ts';
export { FileStreamSinkConnector, FILE_STREAM_SINK_CLASS } from './file-stream-sink-connector.ts';
export { FileStreamSinkTask } from './file-stream-sink-task.ts';
export * from './file-stream-config.ts';
