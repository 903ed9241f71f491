"""kafka-python 2.0.2 driver for the compatibility suite. Usage: see compat_io.

kafka-python 2.0.2 has no idempotent producer (enable_idempotence arrived in 2.1), so
`--idempotent` is refused here rather than silently ignored.
"""
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic

from compat_io import configs, emit, emit_record, fail, parse_args, read_records


def produce(args):
    if args.idempotent:
        fail('kafka-python 2.0.2 has no idempotent producer')
    producer = KafkaProducer(
        bootstrap_servers=args.bootstrap,
        acks=args.acks if args.acks == 'all' else int(args.acks),
        compression_type=None if args.compression == 'none' else args.compression,
        max_request_size=args.max_bytes,
        linger_ms=5,
    )
    futures = []
    for r in read_records():
        futures.append(producer.send(
            args.topic, key=r['key'], value=r['value'], headers=r['headers'],
            partition=r['partition'], timestamp_ms=r['timestamp']))
    producer.flush(args.timeout)
    for f in futures:
        try:
            md = f.get(timeout=args.timeout)
        except Exception as e:  # noqa: BLE001 - the test shows whatever the client raised
            fail('delivery failed: %r' % e)
        emit({'partition': md.partition, 'offset': md.offset, 'timestamp': md.timestamp})
    producer.close()


def new_consumer(args):
    return KafkaConsumer(
        bootstrap_servers=args.bootstrap, group_id=None, enable_auto_commit=False,
        max_partition_fetch_bytes=args.max_bytes, fetch_max_bytes=args.max_bytes * 2,
        auto_offset_reset='earliest', session_timeout_ms=6000, request_timeout_ms=8000)


def partitions_of(args, consumer):
    if args.partition:
        return args.partition
    parts = consumer.partitions_for_topic(args.topic)
    if not parts:
        fail('no metadata for topic %s' % args.topic)
    return sorted(parts)


def consume(args):
    consumer = new_consumer(args)
    tps = [TopicPartition(args.topic, p) for p in partitions_of(args, consumer)]
    consumer.assign(tps)
    for tp in tps:
        consumer.seek(tp, args.offset)
    got = []
    deadline = time.time() + args.timeout
    while len(got) < args.count and time.time() < deadline:
        for records in consumer.poll(timeout_ms=500).values():
            got.extend(records)
    consumer.close()
    if len(got) < args.count:
        fail('consumed %d of %d records within %ss' % (len(got), args.count, args.timeout))
    for m in sorted(got, key=lambda m: (m.partition, m.offset)):
        emit_record(m.partition, m.offset, m.timestamp, m.key, m.value, m.headers)


def offsets_for_times(args):
    consumer = new_consumer(args)
    tps = [TopicPartition(args.topic, p) for p in partitions_of(args, consumer)]
    found = consumer.offsets_for_times({tp: args.timestamp for tp in tps})
    low = consumer.beginning_offsets(tps)
    high = consumer.end_offsets(tps)
    for tp in tps:
        hit = found.get(tp)
        emit({'partition': tp.partition, 'offset': -1 if hit is None else hit.offset, 'low': low[tp], 'high': high[tp]})
    consumer.close()


def check(errors, what):
    bad = [e for e in errors if e[1] != 0]
    if bad:
        fail('%s failed: %r' % (what, bad))


def main():
    args = parse_args()
    if args.command == 'produce':
        return produce(args)
    if args.command == 'consume':
        return consume(args)
    if args.command == 'offsets-for-times':
        return offsets_for_times(args)
    admin = KafkaAdminClient(bootstrap_servers=args.bootstrap)
    if args.command == 'create-topic':
        r = admin.create_topics([NewTopic(args.topic, args.partitions, 1, topic_configs=configs(args))])
        check(r.topic_errors, 'create_topics')
        emit({'created': args.topic})
    elif args.command == 'describe-configs':
        [r] = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, args.topic)])
        error_code, error_message, _type, _name, entries = r.resources[0]
        if error_code:
            fail('describe_configs: %d %s' % (error_code, error_message))
        emit({'configs': {e[0]: e[1] for e in entries}})
    elif args.command == 'alter-configs':
        r = admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, args.topic, configs=configs(args))])
        if r.resources[0][0]:
            fail('alter_configs: %r' % (r.resources[0],))
        emit({'altered': args.topic})
    elif args.command == 'delete-topic':
        r = admin.delete_topics([args.topic])
        check(r.topic_error_codes, 'delete_topics')
        emit({'deleted': args.topic})
    elif args.command == 'list-topics':
        emit({'topics': {t['topic']: len(t['partitions']) for t in admin.describe_topics()}})
    admin.close()


if __name__ == '__main__':
    main()
    sys.stdout.flush()
