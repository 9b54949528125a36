//! The cache's entries: an LRU map bounded by entry count and by bytes, with
//! an index from each Redis key to the entries that read it (one key can
//! have several: HGET k a, HGET k b), so that an invalidation of a key drops
//! them all. Entries carry their expiry and, after the link to their node
//! was lost, since when they are stale (kept only to serve during an outage,
//! never as fresh hits).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use bytes::Bytes;
use lru::LruCache;

use crate::protocol::Value;

pub(super) struct Entry {
    pub value: Value,
    pub redis_key: Bytes,
    pub size: usize,
    pub expires: Instant,
    /// Set when the link to the node was lost: no longer served as fresh.
    pub stale_since: Option<Instant>,
}

impl Entry {
    /// Since when the value is not known to be current, if it is not.
    fn invalid_since(&self, now: Instant) -> Option<Instant> {
        match self.stale_since {
            Some(t) => Some(t.min(self.expires)),
            None if now >= self.expires => Some(self.expires),
            None => None,
        }
    }
}

pub(super) struct Store {
    entries: LruCache<Bytes, Entry>,
    by_key: HashMap<Bytes, Vec<Bytes>>,
    bytes: usize,
    max_entries: usize,
    max_bytes: usize,
}

/// An estimate of what a value costs in memory.
pub(super) fn value_size(v: &Value) -> usize {
    const NODE: usize = 32;
    NODE + match v {
        Value::SimpleString(b) | Value::BulkString(b) | Value::BigNumber(b) | Value::ServerError(b) => b.len(),
        Value::Verbatim { format, text } => format.len() + text.len(),
        Value::Array(items) | Value::Set(items) | Value::Push(items) => items.iter().map(value_size).sum(),
        Value::Map(pairs) => pairs.iter().map(|(k, v)| value_size(k) + value_size(v)).sum(),
        Value::Attributed { value, attributes } => {
            value_size(value) + attributes.iter().map(|(k, v)| value_size(k) + value_size(v)).sum::<usize>()
        }
        Value::Nil | Value::Integer(_) | Value::Double(_) | Value::Boolean(_) => 0,
    }
}

impl Store {
    pub fn new(max_entries: usize, max_bytes: usize) -> Self {
        Store { entries: LruCache::unbounded(), by_key: HashMap::new(), bytes: 0, max_entries, max_bytes }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// A fresh value (not expired, not stale), marked most recently used.
    pub fn fresh(&mut self, cache_key: &[u8], now: Instant) -> Option<Value> {
        let entry = self.entries.get(cache_key)?;
        match entry.invalid_since(now) {
            None => Some(entry.value.clone()),
            Some(_) => None,
        }
    }

    /// The last known value and how long it has not been known current, if
    /// that is at most `max`.
    pub fn stale(&mut self, cache_key: &[u8], now: Instant, max: Duration) -> Option<(Value, Duration)> {
        let entry = self.entries.peek(cache_key)?;
        let since = entry.invalid_since(now).unwrap_or(now);
        let age = now.saturating_duration_since(since);
        (age <= max).then(|| (entry.value.clone(), age))
    }

    /// Stores a value; returns how many entries were evicted to make room.
    /// A value larger than the whole byte budget is not stored.
    pub fn insert(&mut self, cache_key: Bytes, redis_key: Bytes, value: Value, ttl: Duration, now: Instant) -> usize {
        let size = cache_key.len() + value_size(&value);
        self.remove(&cache_key);
        if size > self.max_bytes || self.max_entries == 0 {
            return 0;
        }
        let mut evicted = 0;
        while self.entries.len() >= self.max_entries || self.bytes + size > self.max_bytes {
            let Some((key, old)) = self.entries.pop_lru() else { break };
            self.forget(&key, &old);
            evicted += 1;
        }
        self.by_key.entry(redis_key.clone()).or_default().push(cache_key.clone());
        self.bytes += size;
        self.entries.put(cache_key, Entry { value, redis_key, size, expires: now + ttl, stale_since: None });
        evicted
    }

    fn forget(&mut self, cache_key: &Bytes, entry: &Entry) {
        self.bytes -= entry.size;
        if let Some(list) = self.by_key.get_mut(&entry.redis_key) {
            list.retain(|k| k != cache_key);
            if list.is_empty() {
                self.by_key.remove(&entry.redis_key);
            }
        }
    }

    fn remove(&mut self, cache_key: &Bytes) -> bool {
        match self.entries.pop(cache_key) {
            Some(old) => {
                self.forget(cache_key, &old);
                true
            }
            None => false,
        }
    }

    /// Drops every entry that read `redis_key`; returns how many.
    pub fn invalidate(&mut self, redis_key: &[u8]) -> usize {
        let Some(list) = self.by_key.remove(redis_key) else { return 0 };
        let mut n = 0;
        for cache_key in list {
            if let Some(old) = self.entries.pop(&cache_key) {
                self.bytes -= old.size;
                n += 1;
            }
        }
        n
    }

    /// Drops every entry; returns how many.
    pub fn clear(&mut self) -> usize {
        let n = self.entries.len();
        self.entries.clear();
        self.by_key.clear();
        self.bytes = 0;
        n
    }

    /// Marks every entry stale (the link that would invalidate them is gone).
    pub fn mark_stale(&mut self, now: Instant) {
        for (_, entry) in self.entries.iter_mut() {
            entry.stale_since.get_or_insert(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(n: usize) -> Value {
        Value::BulkString(Bytes::from(vec![b'x'; n]))
    }

    #[test]
    fn entries_and_bytes_stay_bounded() {
        let now = Instant::now();
        let mut s = Store::new(3, 10_000);
        let mut evicted = 0;
        for i in 0..10 {
            evicted += s.insert(Bytes::from(format!("c{i}")), Bytes::from(format!("k{i}")), v(10), Duration::from_secs(9), now);
            assert!(s.len() <= 3);
        }
        assert_eq!(evicted, 7);
        // The three most recent survive.
        assert!(s.fresh(b"c9", now).is_some() && s.fresh(b"c7", now).is_some() && s.fresh(b"c6", now).is_none());

        let mut s = Store::new(1000, 500);
        for i in 0..100 {
            s.insert(Bytes::from(format!("c{i}")), Bytes::from(format!("k{i}")), v(100), Duration::from_secs(9), now);
            assert!(s.bytes() <= 500, "{} bytes", s.bytes());
        }
        // Larger than the whole budget: not stored, nothing evicted for it.
        let before = s.len();
        assert_eq!(s.insert(Bytes::from_static(b"big"), Bytes::from_static(b"big"), v(1000), Duration::from_secs(9), now), 0);
        assert_eq!(s.len(), before);
    }

    #[test]
    fn invalidation_drops_every_reader_of_the_key() {
        let now = Instant::now();
        let mut s = Store::new(100, 1 << 20);
        s.insert(Bytes::from_static(b"HGET h a"), Bytes::from_static(b"h"), v(1), Duration::from_secs(9), now);
        s.insert(Bytes::from_static(b"HGET h b"), Bytes::from_static(b"h"), v(1), Duration::from_secs(9), now);
        s.insert(Bytes::from_static(b"GET g"), Bytes::from_static(b"g"), v(1), Duration::from_secs(9), now);
        assert_eq!(s.invalidate(b"h"), 2);
        assert_eq!(s.len(), 1);
        assert!(s.fresh(b"GET g", now).is_some());
        assert_eq!(s.invalidate(b"h"), 0);
    }

    #[test]
    fn expired_and_stale_are_not_fresh_but_may_serve_an_outage() {
        let now = Instant::now();
        let mut s = Store::new(100, 1 << 20);
        s.insert(Bytes::from_static(b"a"), Bytes::from_static(b"a"), v(1), Duration::from_millis(10), now);
        s.insert(Bytes::from_static(b"b"), Bytes::from_static(b"b"), v(1), Duration::from_secs(60), now);
        let later = now + Duration::from_millis(50);
        assert!(s.fresh(b"a", later).is_none());
        assert!(s.fresh(b"b", later).is_some());
        s.mark_stale(later);
        assert!(s.fresh(b"b", later).is_none());
        let (_, age) = s.stale(b"b", later + Duration::from_millis(100), Duration::from_secs(1)).expect("stale b");
        assert_eq!(age, Duration::from_millis(100));
        assert!(s.stale(b"b", later + Duration::from_secs(2), Duration::from_secs(1)).is_none());
        let (_, age) = s.stale(b"a", later, Duration::from_secs(1)).expect("expired a");
        assert_eq!(age, Duration::from_millis(40));
    }
}
