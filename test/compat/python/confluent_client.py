"""confluent-kafka-python (librdkafka) driver for the compatibility suite. Usage: see compat_io."""
import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic

from compat_io import configs, emit, emit_record, fail, parse_args, read_records


def produce(args):
    conf = {
        'bootstrap.servers': args.bootstrap,
        'compression.type': args.compression,
        'acks': args.acks,
        'enable.idempotence': args.idempotent,
        'message.max.bytes': args.max_bytes,
        'linger.ms': 5,
    }
    producer = Producer(conf)
    results = []

    def report(index):
        def on_delivery(err, msg):
            if err is not None:
                fail('delivery of record %d failed: %s' % (index, err))
            results.append((index, msg.partition(), msg.offset(), msg.timestamp()[1]))
        return on_delivery

    for i, r in enumerate(read_records()):
        kwargs = {'key': r['key'], 'value': r['value'], 'headers': r['headers'], 'on_delivery': report(i)}
        if r['partition'] is not None:
            kwargs['partition'] = r['partition']
        if r['timestamp'] is not None:
            kwargs['timestamp'] = r['timestamp']
        producer.produce(args.topic, **kwargs)
        producer.poll(0)
    left = producer.flush(args.timeout)
    if left:
        fail('%d records not delivered within %ss' % (left, args.timeout))
    for _, partition, offset, ts in sorted(results):
        emit({'partition': partition, 'offset': offset, 'timestamp': ts})


def partitions_of(args, client):
    if args.partition:
        return args.partition
    md = client.list_topics(args.topic, timeout=args.timeout)
    return sorted(md.topics[args.topic].partitions.keys())


def consume(args):
    consumer = Consumer({
        'bootstrap.servers': args.bootstrap,
        'group.id': 'compat-unused',  # required by the client; assign() never joins the group
        'enable.auto.commit': False,
        'fetch.max.bytes': args.max_bytes * 2,
        'max.partition.fetch.bytes': args.max_bytes,
        'receive.message.max.bytes': args.max_bytes * 3,
    })
    consumer.assign([TopicPartition(args.topic, p, args.offset) for p in partitions_of(args, consumer)])
    got = []
    deadline = time.time() + args.timeout
    while len(got) < args.count and time.time() < deadline:
        msg = consumer.poll(0.5)
        if msg is None:
            continue
        if msg.error():
            fail('consume error: %s' % msg.error())
        got.append(msg)
    consumer.close()
    if len(got) < args.count:
        fail('consumed %d of %d records within %ss' % (len(got), args.count, args.timeout))
    for m in sorted(got, key=lambda m: (m.partition(), m.offset())):
        emit_record(m.partition(), m.offset(), m.timestamp()[1], m.key(), m.value(), m.headers())


def offsets_for_times(args):
    consumer = Consumer({'bootstrap.servers': args.bootstrap, 'group.id': 'compat-unused'})
    tps = [TopicPartition(args.topic, p, args.timestamp) for p in partitions_of(args, consumer)]
    for tp in consumer.offsets_for_times(tps, timeout=args.timeout):
        if tp.error:
            fail('offsets_for_times: %s' % tp.error)
        low, high = consumer.get_watermark_offsets(TopicPartition(args.topic, tp.partition), timeout=args.timeout)
        emit({'partition': tp.partition, 'offset': tp.offset, 'low': low, 'high': high})
    consumer.close()


def admin_call(futures):
    out = {}
    for key, future in futures.items():
        try:
            out[key] = future.result(timeout=30)
        except KafkaException as e:
            fail('admin call for %s failed: %s' % (key, e))
    return out


def main():
    args = parse_args()
    admin = AdminClient({'bootstrap.servers': args.bootstrap})
    if args.command == 'produce':
        produce(args)
    elif args.command == 'consume':
        consume(args)
    elif args.command == 'offsets-for-times':
        offsets_for_times(args)
    elif args.command == 'create-topic':
        admin_call(admin.create_topics([NewTopic(args.topic, args.partitions, 1, config=configs(args))]))
        emit({'created': args.topic})
    elif args.command == 'describe-configs':
        result = admin_call(admin.describe_configs([ConfigResource('topic', args.topic)]))
        entries = list(result.values())[0]
        emit({'configs': {name: e.value for name, e in entries.items()},
              'defaults': sorted(name for name, e in entries.items() if e.is_default)})
    elif args.command == 'alter-configs':
        admin_call(admin.alter_configs([ConfigResource('topic', args.topic, set_config=configs(args))]))
        emit({'altered': args.topic})
    elif args.command == 'delete-topic':
        admin_call(admin.delete_topics([args.topic]))
        emit({'deleted': args.topic})
    elif args.command == 'list-topics':
        md = admin.list_topics(timeout=args.timeout)
        emit({'topics': {name: len(t.partitions) for name, t in md.topics.items()}})


if __name__ == '__main__':
    main()
    sys.stdout.flush()
