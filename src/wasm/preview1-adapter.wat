;; Import-free WASI preview1 adapter for Primatomic views.
;;
;; wit-component wires this module in place of the official preview1 adapter
;; (`componentNew(core, [["wasi_snapshot_preview1", <this>]])`). The official
;; adapter turns preview1 calls into WASI 0.2 imports; Primatomic rejects any
;; import, so this one answers every call itself, deterministically:
;;
;; - It imports only the main module's memory (`env`/`memory`, special-cased by
;;   wit-component). It defines no memory and no data segments: a data segment
;;   would be written into the view's (Go's) memory.
;; - It exports all 46 preview1 functions with their exact core signatures;
;;   wit-component keeps only those the view imports, so the extras cost nothing.
;; - State lives in two mutable globals: the virtual clock and the RNG.
;;
;; Errno values used: 0 success, 8 EBADF, 28 EINVAL, 52 ENOSYS.
;; Every fd_*/path_*/sock_* stub answers EBADF, not ENOSYS: Go's syscall init
;; scans preopens with fd_prestat_get(3, ...) and stops only on EBADF; any
;; other errno panics during `_initialize`.
(module
  (import "env" "memory" (memory 0))

  ;; Virtual time elapsed since instantiation, in ns. Only poll_oneoff moves it,
  ;; so time.Now() is the same on every replay path.
  (global $elapsed (mut i64) (i64.const 0))
  ;; 64-bit LCG state (Knuth MMIX constants); fixed seed => same bytes every run.
  (global $rng (mut i64) (i64.const 0x853c49e6748fea9b))

  ;; Clock bases, in ns. Monotonic must not be 0: Go's runtime.main throws
  ;; "nanotime returning zero".
  (global $monotonic_base i64 (i64.const 1000000000))           ;; 1 s
  (global $realtime_base i64 (i64.const 1704067201000000000))   ;; 2024-01-01T00:00:01Z

  ;; Base of clock $id: 0 realtime, 1 monotonic, 2/3 process/thread CPU time
  ;; (reported like monotonic). Callers have rejected $id > 3.
  (func $clock_base (param $id i32) (result i64)
    (select (global.get $realtime_base) (global.get $monotonic_base)
      (i32.eqz (local.get $id))))

  ;; ---- args / environ: always empty -------------------------------------
  (func (export "args_get") (param i32 i32) (result i32)
    (i32.const 0))
  (func (export "args_sizes_get") (param $argc i32) (param $buf_size i32) (result i32)
    (i32.store (local.get $argc) (i32.const 0))
    (i32.store (local.get $buf_size) (i32.const 0))
    (i32.const 0))
  (func (export "environ_get") (param i32 i32) (result i32)
    (i32.const 0))
  (func (export "environ_sizes_get") (param $count i32) (param $buf_size i32) (result i32)
    (i32.store (local.get $count) (i32.const 0))
    (i32.store (local.get $buf_size) (i32.const 0))
    (i32.const 0))

  ;; ---- clocks ------------------------------------------------------------
  (func (export "clock_res_get") (param $id i32) (param $out i32) (result i32)
    (if (i32.gt_u (local.get $id) (i32.const 3)) (then (return (i32.const 28))))
    (i64.store (local.get $out) (i64.const 1000))
    (i32.const 0))
  (func (export "clock_time_get") (param $id i32) (param $precision i64) (param $out i32) (result i32)
    (if (i32.gt_u (local.get $id) (i32.const 3)) (then (return (i32.const 28))))
    (i64.store (local.get $out)
      (i64.add (call $clock_base (local.get $id)) (global.get $elapsed)))
    (i32.const 0))

  ;; ---- poll_oneoff: every subscription fires at once ----------------------
  ;; subscription (48 B): userdata u64 @0, tag u8 @8,
  ;;   clock: id u32 @16, timeout u64 @24, precision u64 @32, flags u16 @40
  ;;   fd_read/fd_write: fd u32 @16
  ;; event (32 B): userdata u64 @0, error u16 @8, type u8 @10,
  ;;   fd_readwrite: nbytes u64 @16, flags u16 @24
  ;; A clock subscription moves the virtual clock to its deadline (relative
  ;; timeouts count from the call), so sleeps return at once yet time.Since
  ;; sees the slept duration, and a timer can never hang the view.
  (func (export "poll_oneoff") (param $in i32) (param $out i32) (param $nsubs i32) (param $nevents i32) (result i32)
    (local $i i32) (local $sub i32) (local $event i32) (local $tag i32)
    (local $start i64) (local $target i64) (local $id i32) (local $error i32)
    (if (i32.eqz (local.get $nsubs)) (then (return (i32.const 28))))
    (local.set $start (global.get $elapsed))
    (loop $each
      (local.set $sub (i32.add (local.get $in) (i32.mul (local.get $i) (i32.const 48))))
      (local.set $event (i32.add (local.get $out) (i32.mul (local.get $i) (i32.const 32))))
      (local.set $tag (i32.load8_u offset=8 (local.get $sub)))
      (local.set $error (i32.const 0))
      (if (i32.eqz (local.get $tag))
        (then
          (local.set $id (i32.load offset=16 (local.get $sub)))
          (if (i32.gt_u (local.get $id) (i32.const 3))
            (then (local.set $error (i32.const 28)))
            (else
              (local.set $target
                (if (result i64) (i32.and (i32.load16_u offset=40 (local.get $sub)) (i32.const 1))
                  ;; absolute deadline on clock $id
                  (then (i64.sub (i64.load offset=24 (local.get $sub)) (call $clock_base (local.get $id))))
                  ;; relative timeout
                  (else (i64.add (local.get $start) (i64.load offset=24 (local.get $sub))))))
              ;; the clock never goes backwards
              (if (i64.gt_s (local.get $target) (global.get $elapsed))
                (then (global.set $elapsed (local.get $target)))))))
        (else
          ;; fd_read / fd_write: there are no fds; unknown tags are invalid
          (local.set $error
            (select (i32.const 8) (i32.const 28) (i32.le_u (local.get $tag) (i32.const 2))))))
      (i64.store (local.get $event) (i64.load (local.get $sub)))
      (i32.store16 offset=8 (local.get $event) (local.get $error))
      (i32.store8 offset=10 (local.get $event) (local.get $tag))
      (i64.store offset=16 (local.get $event) (i64.const 0))
      (i32.store16 offset=24 (local.get $event) (i32.const 0))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $i) (local.get $nsubs))))
    (i32.store (local.get $nevents) (local.get $nsubs))
    (i32.const 0))

  ;; ---- random: deterministic byte stream ------------------------------------
  (func (export "random_get") (param $buf i32) (param $len i32) (result i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $buf) (local.get $len)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $buf) (local.get $end)))
        (global.set $rng
          (i64.add (i64.mul (global.get $rng) (i64.const 6364136223846793005))
                   (i64.const 1442695040888963407)))
        ;; the top bits of an LCG are the most random
        (i64.store8 (local.get $buf) (i64.shr_u (global.get $rng) (i64.const 56)))
        (local.set $buf (i32.add (local.get $buf) (i32.const 1)))
        (br $each)))
    (i32.const 0))

  ;; ---- stdout/stderr: accept everything, keep nothing ----------------------
  ;; iovec (8 B): buf u32 @0, len u32 @4
  (func (export "fd_write") (param $fd i32) (param $iovs i32) (param $count i32) (param $nwritten i32) (result i32)
    (local $total i32)
    (if (i32.gt_u (i32.sub (local.get $fd) (i32.const 1)) (i32.const 1))
      (then (return (i32.const 8))))
    (block $done
      (loop $each
        (br_if $done (i32.eqz (local.get $count)))
        (local.set $total (i32.add (local.get $total) (i32.load offset=4 (local.get $iovs))))
        (local.set $iovs (i32.add (local.get $iovs) (i32.const 8)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $each)))
    (i32.store (local.get $nwritten) (local.get $total))
    (i32.const 0))

  ;; ---- process ---------------------------------------------------------------
  ;; A view cannot exit; Go calls proc_exit only on fatal errors.
  (func (export "proc_exit") (param i32)
    (unreachable))
  (func (export "proc_raise") (param i32) (result i32)
    (i32.const 52))
  (func (export "sched_yield") (result i32)
    (i32.const 0))

  ;; ---- files, paths, sockets: no such fd -----------------------------------
  (func (export "fd_advise") (param i32 i64 i64 i32) (result i32) (i32.const 8))
  (func (export "fd_allocate") (param i32 i64 i64) (result i32) (i32.const 8))
  (func (export "fd_close") (param i32) (result i32) (i32.const 8))
  (func (export "fd_datasync") (param i32) (result i32) (i32.const 8))
  (func (export "fd_fdstat_get") (param i32 i32) (result i32) (i32.const 8))
  (func (export "fd_fdstat_set_flags") (param i32 i32) (result i32) (i32.const 8))
  (func (export "fd_fdstat_set_rights") (param i32 i64 i64) (result i32) (i32.const 8))
  (func (export "fd_filestat_get") (param i32 i32) (result i32) (i32.const 8))
  (func (export "fd_filestat_set_size") (param i32 i64) (result i32) (i32.const 8))
  (func (export "fd_filestat_set_times") (param i32 i64 i64 i32) (result i32) (i32.const 8))
  (func (export "fd_pread") (param i32 i32 i32 i64 i32) (result i32) (i32.const 8))
  (func (export "fd_prestat_get") (param i32 i32) (result i32) (i32.const 8))
  (func (export "fd_prestat_dir_name") (param i32 i32 i32) (result i32) (i32.const 8))
  (func (export "fd_pwrite") (param i32 i32 i32 i64 i32) (result i32) (i32.const 8))
  (func (export "fd_read") (param i32 i32 i32 i32) (result i32) (i32.const 8))
  (func (export "fd_readdir") (param i32 i32 i32 i64 i32) (result i32) (i32.const 8))
  (func (export "fd_renumber") (param i32 i32) (result i32) (i32.const 8))
  (func (export "fd_seek") (param i32 i64 i32 i32) (result i32) (i32.const 8))
  (func (export "fd_sync") (param i32) (result i32) (i32.const 8))
  (func (export "fd_tell") (param i32 i32) (result i32) (i32.const 8))
  (func (export "path_create_directory") (param i32 i32 i32) (result i32) (i32.const 8))
  (func (export "path_filestat_get") (param i32 i32 i32 i32 i32) (result i32) (i32.const 8))
  (func (export "path_filestat_set_times") (param i32 i32 i32 i32 i64 i64 i32) (result i32) (i32.const 8))
  (func (export "path_link") (param i32 i32 i32 i32 i32 i32 i32) (result i32) (i32.const 8))
  (func (export "path_open") (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32) (i32.const 8))
  (func (export "path_readlink") (param i32 i32 i32 i32 i32 i32) (result i32) (i32.const 8))
  (func (export "path_remove_directory") (param i32 i32 i32) (result i32) (i32.const 8))
  (func (export "path_rename") (param i32 i32 i32 i32 i32 i32) (result i32) (i32.const 8))
  (func (export "path_symlink") (param i32 i32 i32 i32 i32) (result i32) (i32.const 8))
  (func (export "path_unlink_file") (param i32 i32 i32) (result i32) (i32.const 8))
  (func (export "sock_accept") (param i32 i32 i32) (result i32) (i32.const 8))
  (func (export "sock_recv") (param i32 i32 i32 i32 i32 i32) (result i32) (i32.const 8))
  (func (export "sock_send") (param i32 i32 i32 i32 i32) (result i32) (i32.const 8))
  (func (export "sock_shutdown") (param i32 i32) (result i32) (i32.const 8))
)
