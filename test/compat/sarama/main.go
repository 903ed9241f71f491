// Sarama (Go, Debian's golang-github-shopify-sarama-dev 1.22.1) driver for the compatibility
// suite. Same subcommands, flags and JSON lines as test/compat/python/compat_io.py; built by the
// test into a temporary directory with GO111MODULE=off GOPATH=/usr/share/gocode.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/Shopify/sarama"
)

type inputRecord struct {
	Key       *string     `json:"key"`
	Value     *string     `json:"value"`
	Headers   [][2]string `json:"headers"`
	Partition *int32      `json:"partition"`
	Timestamp *int64      `json:"timestamp"`
}

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

var (
	bootstrap   = flag.String("bootstrap", "", "host:port")
	topic       = flag.String("topic", "", "topic")
	partitions  = flag.Int("partitions", 1, "create-topic: partition count")
	compression = flag.String("compression", "none", "none|gzip|snappy|lz4|zstd")
	acks        = flag.String("acks", "all", "0|1|all")
	idempotent  = flag.Bool("idempotent", false, "idempotent producer")
	count       = flag.Int("count", 0, "consume: records to read")
	offset      = flag.Int64("offset", 0, "consume: start offset")
	timestamp   = flag.Int64("timestamp", 0, "offsets-for-times: timestamp")
	maxBytes    = flag.Int("max-bytes", 4*1024*1024, "max record/fetch size")
	timeout     = flag.Float64("timeout", 15, "seconds")
	configs     multi
	partition   multi
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func emit(v interface{}) {
	b, err := json.Marshal(v)
	if err != nil {
		fail("json: %v", err)
	}
	os.Stdout.Write(append(b, '\n'))
}

func config() *sarama.Config {
	c := sarama.NewConfig()
	c.Version = sarama.V2_1_0_0 // the newest protocol level this sarama knows that enables zstd
	c.ClientID = "compat-sarama"
	c.Producer.Return.Successes = true
	c.Producer.MaxMessageBytes = *maxBytes
	c.Producer.Partitioner = sarama.NewManualPartitioner
	c.Consumer.Fetch.Default = int32(*maxBytes)
	c.Consumer.Fetch.Max = int32(*maxBytes)
	c.Consumer.Return.Errors = true
	c.Metadata.Retry.Max = 2
	c.Admin.Timeout = 10 * time.Second
	return c
}

func configMap() map[string]*string {
	out := map[string]*string{}
	for _, kv := range configs {
		parts := strings.SplitN(kv, "=", 2)
		v := parts[1]
		out[parts[0]] = &v
	}
	return out
}

func produce() {
	c := config()
	switch *acks {
	case "all", "-1":
		c.Producer.RequiredAcks = sarama.WaitForAll
	case "1":
		c.Producer.RequiredAcks = sarama.WaitForLocal
	case "0":
		c.Producer.RequiredAcks = sarama.NoResponse
	}
	codecs := map[string]sarama.CompressionCodec{"none": sarama.CompressionNone, "gzip": sarama.CompressionGZIP,
		"snappy": sarama.CompressionSnappy, "lz4": sarama.CompressionLZ4, "zstd": sarama.CompressionZSTD}
	c.Producer.Compression = codecs[*compression]
	if *idempotent {
		c.Producer.Idempotent = true
		c.Producer.RequiredAcks = sarama.WaitForAll
		c.Net.MaxOpenRequests = 1
	}
	producer, err := sarama.NewSyncProducer([]string{*bootstrap}, c)
	if err != nil {
		fail("producer: %v", err)
	}
	var msgs []*sarama.ProducerMessage
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1024*1024), 64*1024*1024)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if line == "" {
			continue
		}
		var r inputRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			fail("bad input: %v", err)
		}
		m := &sarama.ProducerMessage{Topic: *topic}
		if r.Key != nil {
			m.Key = sarama.StringEncoder(*r.Key)
		}
		if r.Value != nil {
			m.Value = sarama.StringEncoder(*r.Value)
		}
		for _, h := range r.Headers {
			m.Headers = append(m.Headers, sarama.RecordHeader{Key: []byte(h[0]), Value: []byte(h[1])})
		}
		if r.Partition != nil {
			m.Partition = *r.Partition
		}
		if r.Timestamp != nil {
			m.Timestamp = time.Unix(0, *r.Timestamp*int64(time.Millisecond))
		}
		msgs = append(msgs, m)
	}
	if err := producer.SendMessages(msgs); err != nil {
		if errs, ok := err.(sarama.ProducerErrors); ok && len(errs) > 0 {
			fail("produce failed for %d records, first: %v", len(errs), errs[0].Err)
		}
		fail("produce: %v", err)
	}
	for _, m := range msgs {
		emit(map[string]interface{}{"partition": m.Partition, "offset": m.Offset, "timestamp": m.Timestamp.UnixNano() / int64(time.Millisecond)})
	}
	producer.Close()
}

func partitionsOf(client sarama.Client) []int32 {
	if len(partition) > 0 {
		var out []int32
		for _, p := range partition {
			var n int32
			fmt.Sscan(p, &n)
			out = append(out, n)
		}
		return out
	}
	ps, err := client.Partitions(*topic)
	if err != nil {
		fail("partitions: %v", err)
	}
	return ps
}

func text(b []byte) *string {
	if b == nil {
		return nil
	}
	s := string(b)
	return &s
}

func consume() {
	client, err := sarama.NewClient([]string{*bootstrap}, config())
	if err != nil {
		fail("client: %v", err)
	}
	consumer, err := sarama.NewConsumerFromClient(client)
	if err != nil {
		fail("consumer: %v", err)
	}
	messages := make(chan *sarama.ConsumerMessage, 1024)
	errs := make(chan *sarama.ConsumerError, 16)
	for _, p := range partitionsOf(client) {
		pc, err := consumer.ConsumePartition(*topic, p, *offset)
		if err != nil {
			fail("consume partition %d: %v", p, err)
		}
		go func(pc sarama.PartitionConsumer) {
			for m := range pc.Messages() {
				messages <- m
			}
		}(pc)
		go func(pc sarama.PartitionConsumer) {
			for e := range pc.Errors() {
				errs <- e
			}
		}(pc)
	}
	var got []*sarama.ConsumerMessage
	deadline := time.After(time.Duration(*timeout * float64(time.Second)))
	for len(got) < *count {
		select {
		case m := <-messages:
			got = append(got, m)
		case e := <-errs:
			fail("consume error: %v", e)
		case <-deadline:
			fail("consumed %d of %d records within %vs", len(got), *count, *timeout)
		}
	}
	sort.Slice(got, func(i, j int) bool {
		if got[i].Partition != got[j].Partition {
			return got[i].Partition < got[j].Partition
		}
		return got[i].Offset < got[j].Offset
	})
	for _, m := range got {
		headers := [][2]interface{}{}
		for _, h := range m.Headers {
			headers = append(headers, [2]interface{}{string(h.Key), text(h.Value)})
		}
		emit(map[string]interface{}{"partition": m.Partition, "offset": m.Offset,
			"timestamp": m.Timestamp.UnixNano() / int64(time.Millisecond),
			"key": text(m.Key), "value": text(m.Value), "headers": headers})
	}
}

func offsetsForTimes() {
	client, err := sarama.NewClient([]string{*bootstrap}, config())
	if err != nil {
		fail("client: %v", err)
	}
	for _, p := range partitionsOf(client) {
		found, err := client.GetOffset(*topic, p, *timestamp)
		if err != nil {
			fail("GetOffset(%d): %v", *timestamp, err)
		}
		low, err := client.GetOffset(*topic, p, sarama.OffsetOldest)
		if err != nil {
			fail("GetOffset(oldest): %v", err)
		}
		high, err := client.GetOffset(*topic, p, sarama.OffsetNewest)
		if err != nil {
			fail("GetOffset(newest): %v", err)
		}
		emit(map[string]interface{}{"partition": p, "offset": found, "low": low, "high": high})
	}
	client.Close()
}

func admin(command string) {
	a, err := sarama.NewClusterAdmin([]string{*bootstrap}, config())
	if err != nil {
		fail("admin: %v", err)
	}
	defer a.Close()
	switch command {
	case "create-topic":
		detail := &sarama.TopicDetail{NumPartitions: int32(*partitions), ReplicationFactor: 1, ConfigEntries: configMap()}
		if err := a.CreateTopic(*topic, detail, false); err != nil {
			fail("CreateTopic: %v", err)
		}
		emit(map[string]string{"created": *topic})
	case "describe-configs":
		entries, err := a.DescribeConfig(sarama.ConfigResource{Type: sarama.TopicResource, Name: *topic})
		if err != nil {
			fail("DescribeConfig: %v", err)
		}
		out := map[string]string{}
		for _, e := range entries {
			out[e.Name] = e.Value
		}
		emit(map[string]interface{}{"configs": out})
	case "alter-configs":
		if err := a.AlterConfig(sarama.TopicResource, *topic, configMap(), false); err != nil {
			fail("AlterConfig: %v", err)
		}
		emit(map[string]string{"altered": *topic})
	case "delete-topic":
		if err := a.DeleteTopic(*topic); err != nil {
			fail("DeleteTopic: %v", err)
		}
		emit(map[string]string{"deleted": *topic})
	case "list-topics":
		topics, err := a.ListTopics()
		if err != nil {
			fail("ListTopics: %v", err)
		}
		out := map[string]int32{}
		for name, d := range topics {
			out[name] = d.NumPartitions
		}
		emit(map[string]interface{}{"topics": out})
	default:
		fail("unknown command %s", command)
	}
}

func main() {
	if len(os.Args) < 2 {
		fail("usage: sarama-compat <command> --bootstrap host:port [flags]")
	}
	command := os.Args[1]
	flag.Var(&configs, "config", "name=value (repeatable)")
	flag.Var(&partition, "partition", "partition (repeatable)")
	if err := flag.CommandLine.Parse(os.Args[2:]); err != nil {
		fail("flags: %v", err)
	}
	switch command {
	case "produce":
		produce()
	case "consume":
		consume()
	case "offsets-for-times":
		offsetsForTimes()
	default:
		admin(command)
	}
}
