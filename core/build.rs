//! Generates the protobuf contract's Rust types (prost) from `proto/haven.proto`.
//! protoc comes from the protoc-bin-vendored crate, so the build installs it.
//!
//! `core/proto` is a symlink to the repository's `proto/`, so the crate's own
//! files carry the contract (the Python sdist and `cargo package` copy it as
//! a real directory); `../proto` is the fallback where the link is missing.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let protoc = protoc_bin_vendored::protoc_bin_path()?;
    let dir = if std::path::Path::new("proto/haven.proto").exists() { "proto" } else { "../proto" };
    let file = format!("{dir}/haven.proto");
    println!("cargo:rerun-if-changed={file}");
    prost_build::Config::new()
        .protoc_executable(protoc)
        .bytes(["."])
        .compile_protos(&[file.as_str()], &[dir])?;
    Ok(())
}
