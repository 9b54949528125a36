//! The `tracing` layer of haven's subscriber (`install`): turns each event
//! that passed the level filter into a `Record` (the message, then any
//! other fields as ` name=value`), scrubs it of secrets, applies the rate
//! limit to info, warn and error lines, and queues it.

use std::fmt::{self, Write};
use std::time::Instant;

use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer};

use super::{limit, queue, secrets, Level, Record};

pub(super) struct HostLayer;

impl<S: Subscriber> Layer<S> for HostLayer {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let meta = event.metadata();
        let mut text = Text::default();
        event.record(&mut text);
        let level = Level::from_tracing(meta.level());
        let mut record = Record::new(level, meta.target(), secrets::scrub(text.finish()));
        if level <= Level::Info {
            let key = limit::key(&meta.callsite(), &record.message);
            if !limit::LIMITER.admit(key, Instant::now(), &mut record) {
                return;
            }
        }
        queue::QUEUE.push(record);
    }
}

#[derive(Default)]
struct Text {
    message: String,
    fields: String,
}

impl Text {
    fn finish(mut self) -> String {
        if self.message.is_empty() {
            return self.fields.trim_start().to_string();
        }
        self.message.push_str(&self.fields);
        self.message
    }
}

impl Visit for Text {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.fields, " {}={}", field.name(), value);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={:?}", field.name(), value);
        }
    }
}
