//! Gives libhaven.so its SONAME, libhaven.so.<major> (libhaven.so.0 for
//! 0.x), so programs linked with -lhaven keep working across compatible
//! updates. `make install` / `make dist` install the real file as
//! libhaven.so.<version> with the libhaven.so.0 and libhaven.so symlinks;
//! `make test-c` links the build directory's copy through a
//! libhaven.so.0 symlink.

fn main() {
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".into());
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libhaven.so.{major}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
