"""A kafka-python group consumer: consumes COUNT messages of TOPIC in GROUP, commits, prints them.

Usage: kafka_python_group_consumer.py BOOTSTRAP GROUP TOPIC COUNT
"""
import json
import sys

from kafka import KafkaConsumer


def main():
    bootstrap, group, topic, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset='earliest',
                             enable_auto_commit=False, session_timeout_ms=6000, heartbeat_interval_ms=500,
                             consumer_timeout_ms=15000)
    seen = []
    for message in consumer:
        seen.append({'partition': message.partition, 'offset': message.offset, 'value': message.value.decode()})
        if len(seen) >= count:
            break
    consumer.commit()
    committed = {p.partition: consumer.committed(p) for p in consumer.assignment()}
    consumer.close()
    print(json.dumps({'messages': seen, 'committed': committed}), flush=True)


if __name__ == '__main__':
    main()
