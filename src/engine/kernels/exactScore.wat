;; Part of rankInt8.wat (scripts/build-rank-wasm.mjs includes it at `;; @include exactScore.wat`):
;; the exact score's dot product of a float32 query with a float16 (`exact_h`) or float32
;; (`exact_f`) row, in float64 with lanes in a fixed order and no relaxed instruction, so every
;; engine gives the same bits; src/engine/retrievalQuantize.ts proves the bound against it.
  ;; Float16 bits (zero-extended to i32 lanes) as float32: exact for zeros, subnormals and normals.
  (func $widen (param $u v128) (result v128)
    (v128.or
      (f32x4.mul
        (i32x4.shl (v128.and (local.get $u) (v128.const i32x4 0x7fff 0x7fff 0x7fff 0x7fff)) (i32.const 13))
        (f32x4.splat (f32.const 0x1p112)))
      (i32x4.shl (v128.and (local.get $u) (v128.const i32x4 0x8000 0x8000 0x8000 0x8000)) (i32.const 16))))

  ;; acc + q[0..3] * x[0..3] in float64: lanes 0,1 into acc0, lanes 2,3 into acc1 (products exact).
  (func $fma4 (param $q v128) (param $x v128) (param $acc0 v128) (param $acc1 v128) (result v128 v128)
    (f64x2.add (local.get $acc0)
      (f64x2.mul (f64x2.promote_low_f32x4 (local.get $q)) (f64x2.promote_low_f32x4 (local.get $x))))
    (f64x2.add (local.get $acc1)
      (f64x2.mul
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $q) (local.get $q)))
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))))))

  (func $sum (param $acc0 v128) (param $acc1 v128) (result f64)
    (f64.add
      (f64.add (f64x2.extract_lane 0 (local.get $acc0)) (f64x2.extract_lane 0 (local.get $acc1)))
      (f64.add (f64x2.extract_lane 1 (local.get $acc0)) (f64x2.extract_lane 1 (local.get $acc1)))))

  ;; Σ q_i w_i over dp values: q float32 at $q, w float16 bits at $r.
  (func (export "exact_h") (param $q i32) (param $r i32) (param $dp i32) (result f64)
    (local $o i32) (local $h v128) (local $acc0 v128) (local $acc1 v128)
    (block $done
      (loop $lanes
        (br_if $done (i32.ge_u (local.get $o) (local.get $dp)))
        (local.set $h (v128.load (i32.add (local.get $r) (i32.shl (local.get $o) (i32.const 1)))))
        (call $fma4
          (v128.load (i32.add (local.get $q) (i32.shl (local.get $o) (i32.const 2))))
          (call $widen (i32x4.extend_low_i16x8_u (local.get $h)))
          (local.get $acc0) (local.get $acc1))
        (local.set $acc1)
        (local.set $acc0)
        (call $fma4
          (v128.load offset=16 (i32.add (local.get $q) (i32.shl (local.get $o) (i32.const 2))))
          (call $widen (i32x4.extend_high_i16x8_u (local.get $h)))
          (local.get $acc0) (local.get $acc1))
        (local.set $acc1)
        (local.set $acc0)
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br $lanes)))
    (call $sum (local.get $acc0) (local.get $acc1)))

  ;; The same over float32 values at $r (a float16 row widened gives the same bits, hence score).
  (func (export "exact_f") (param $q i32) (param $r i32) (param $dp i32) (result f64)
    (local $o i32) (local $acc0 v128) (local $acc1 v128)
    (block $done
      (loop $lanes
        (br_if $done (i32.ge_u (local.get $o) (local.get $dp)))
        (call $fma4
          (v128.load (i32.add (local.get $q) (i32.shl (local.get $o) (i32.const 2))))
          (v128.load (i32.add (local.get $r) (i32.shl (local.get $o) (i32.const 2))))
          (local.get $acc0) (local.get $acc1))
        (local.set $acc1)
        (local.set $acc0)
        (call $fma4
          (v128.load offset=16 (i32.add (local.get $q) (i32.shl (local.get $o) (i32.const 2))))
          (v128.load offset=16 (i32.add (local.get $r) (i32.shl (local.get $o) (i32.const 2))))
          (local.get $acc0) (local.get $acc1))
        (local.set $acc1)
        (local.set $acc0)
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br $lanes)))
    (call $sum (local.get $acc0) (local.get $acc1)))
