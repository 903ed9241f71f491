"""Command line and JSON-lines I/O shared by the Python client drivers of the compatibility suite.

Every driver takes the same subcommands (see parse_args) and speaks the same format:
records to produce come on stdin as JSON lines {"key", "value", "headers": [[k, v]], "partition",
"timestamp"}; results go to stdout as JSON lines; diagnostics go to stderr.
"""
import argparse
import json
import sys


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument('command', choices=[
        'produce', 'consume', 'offsets-for-times', 'create-topic', 'describe-configs',
        'alter-configs', 'delete-topic', 'list-topics'])
    p.add_argument('--bootstrap', required=True)
    p.add_argument('--topic')
    p.add_argument('--partitions', type=int, default=1, help='create-topic: partition count')
    p.add_argument('--partition', type=int, action='append', help='consume/offsets: partitions (default all)')
    p.add_argument('--compression', default='none')
    p.add_argument('--acks', default='all')
    p.add_argument('--idempotent', action='store_true')
    p.add_argument('--count', type=int, default=0, help='consume: records to read')
    p.add_argument('--offset', type=int, default=0, help='consume: start offset')
    p.add_argument('--timestamp', type=int, help='offsets-for-times: the timestamp to look up')
    p.add_argument('--max-bytes', type=int, default=4 * 1024 * 1024)
    p.add_argument('--config', action='append', default=[], help='name=value')
    p.add_argument('--timeout', type=float, default=15.0)
    return p.parse_args()


def configs(args):
    return dict(c.split('=', 1) for c in args.config)


def read_records():
    for line in sys.stdin:
        if line.strip():
            r = json.loads(line)
            yield {
                'key': None if r.get('key') is None else r['key'].encode('utf-8'),
                'value': None if r.get('value') is None else r['value'].encode('utf-8'),
                'headers': [(k, None if v is None else v.encode('utf-8')) for k, v in r.get('headers', [])],
                'partition': r.get('partition'),
                'timestamp': r.get('timestamp'),
            }


def text(b):
    return None if b is None else b.decode('utf-8')


def emit(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + '\n')


def emit_record(partition, offset, timestamp, key, value, headers):
    emit({
        'partition': partition, 'offset': offset, 'timestamp': timestamp,
        'key': text(key), 'value': text(value),
        'headers': [[k, text(v)] for k, v in (headers or [])],
    })


def fail(message):
    sys.stderr.write(message + '\n')
    sys.exit(1)
