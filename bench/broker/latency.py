"""Produce->consume latency through the broker at a steady rate (confluent-kafka / librdkafka).

One process: a producer paces `rate` records/s for `seconds`, each value carrying its send
instant (monotonic ns); a consumer assigned to the topic's end reads them back and records
receive - send. Same process, same clock. Prints one JSON line: count, p50/p90/p99/max in ms.
Usage: latency.py BOOTSTRAP TOPIC RATE SECONDS ACKS
"""
import json
import struct
import sys
import threading
import time

from confluent_kafka import Consumer, Producer, TopicPartition

bootstrap, topic, rate, seconds, acks = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
total = int(rate * seconds)
latencies = []
ready = threading.Event()


def consume(start_offset):
    c = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'bench-unused', 'enable.auto.commit': False,
                  'fetch.wait.max.ms': 100, 'fetch.min.bytes': 1})
    c.assign([TopicPartition(topic, 0, start_offset)])
    deadline = time.time() + seconds + 20
    while len(latencies) < total and time.time() < deadline:
        m = c.poll(0.05)
        ready.set()
        if m is None or m.error():
            continue
        sent = struct.unpack('>q', m.value()[:8])[0]
        latencies.append((time.monotonic_ns() - sent) / 1e6)
    c.close()


p = Producer({'bootstrap.servers': bootstrap, 'acks': acks, 'linger.ms': 0, 'enable.idempotence': False})
pad = b'x' * 92
# A first record creates the topic (auto-creation) and gives the offset the measured ones start at.
offsets = []
p.produce(topic, value=b'warm-up', partition=0, on_delivery=lambda err, msg: offsets.append(msg.offset()))
p.flush(10)
t = threading.Thread(target=consume, args=(offsets[0] + 1,))
t.start()
ready.wait(10)
time.sleep(1.0)  # let the consumer's first fetch (a long poll at the log end) be in flight
start = time.monotonic()
for i in range(total):
    due = start + i / rate
    now = time.monotonic()
    if due > now:
        time.sleep(due - now)
    p.produce(topic, value=struct.pack('>q', time.monotonic_ns()) + pad, partition=0)
    p.poll(0)
p.flush(30)
t.join()
lat = sorted(latencies)


def pct(q):
    return round(lat[min(len(lat) - 1, int(q * len(lat)))], 3) if lat else None


print(json.dumps({'sent': total, 'received': len(lat), 'p50': pct(0.50), 'p90': pct(0.90), 'p99': pct(0.99),
                  'max': round(lat[-1], 3) if lat else None}))
