//! The committed C header must match the code: this test regenerates it with
//! cbindgen and fails when ffi/include/haven.h is stale. Run with
//! HAVEN_WRITE_HEADER=1 (`make header`) to rewrite it.

use std::path::PathBuf;

#[test]
fn header_is_up_to_date() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut generated);
    let path = crate_dir.join("include/haven.h");
    if std::env::var_os("HAVEN_WRITE_HEADER").is_some() {
        std::fs::write(&path, &generated).expect("write header");
        return;
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ffi/include/haven.h is stale: run `make header` (HAVEN_WRITE_HEADER=1 cargo test -p haven-ffi --test header)"
    );
}
