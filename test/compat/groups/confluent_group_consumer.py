"""A confluent-kafka-python (librdkafka) group consumer for the compatibility tests.

Usage: confluent_group_consumer.py CONFIG_JSON TOPIC
Prints one JSON document per line: assignments, revocations, every message consumed (each
committed synchronously before the next poll) and "closed" after a clean close on SIGTERM.
"""
import json
import signal
import sys

from confluent_kafka import Consumer


def out(**fields):
    print(json.dumps(fields), flush=True)


def main():
    config = json.loads(sys.argv[1])
    topic = sys.argv[2]
    consumer = Consumer(config)
    running = [True]
    signal.signal(signal.SIGTERM, lambda *_: running.__setitem__(0, False))

    def on_assign(_consumer, partitions):
        out(event='assigned', partitions=sorted(p.partition for p in partitions))

    def on_revoke(_consumer, partitions):
        out(event='revoked', partitions=sorted(p.partition for p in partitions))

    consumer.subscribe([topic], on_assign=on_assign, on_revoke=on_revoke)
    while running[0]:
        message = consumer.poll(0.1)
        if message is None:
            continue
        if message.error():
            out(event='error', error=str(message.error()))
            continue
        out(event='message', partition=message.partition(), offset=message.offset(), value=message.value().decode())
        consumer.commit(message=message, asynchronous=False)
    consumer.close()
    out(event='closed')


if __name__ == '__main__':
    main()
