//! Generates the protobuf contract's Rust types (prost) from `proto/haven.proto`.
//! protoc comes from the protoc-bin-vendored crate, so the build installs it.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let protoc = protoc_bin_vendored::protoc_bin_path()?;
    println!("cargo:rerun-if-changed=../proto/haven.proto");
    prost_build::Config::new()
        .protoc_executable(protoc)
        .bytes(["."])
        .compile_protos(&["../proto/haven.proto"], &["../proto"])?;
    Ok(())
}
