;; Dot products of one row with many rows of a row-major float32 matrix, four lanes at a time
;; (WASM SIMD). Built into rowDotsWasm.ts by scripts/build-wasm.mjs; used by rowDots.ts.
;; Memory (imported, so the caller sizes it): rows at byte 0, `stride` bytes apart (a multiple of
;; 32: rows are zero-padded to a multiple of 8 floats), then the caller's id and score buffers.
(module
  (import "env" "memory" (memory 1))
  ;; out[j] = row(q) · row(ids[j]) for j < m; ids and out are byte offsets of i32 / f32 arrays.
  (func (export "dots")
    (param $q i32) (param $ids i32) (param $m i32) (param $stride i32) (param $out i32)
    (local $qa i32) (local $b i32) (local $d i32) (local $end i32)
    (local $acc0 v128) (local $acc1 v128)
    (local.set $qa (i32.mul (local.get $q) (local.get $stride)))
    (block $done
      (loop $rows
        (br_if $done (i32.eqz (local.get $m)))
        (local.set $b (i32.mul (i32.load (local.get $ids)) (local.get $stride)))
        (local.set $acc0 (v128.const f32x4 0 0 0 0))
        (local.set $acc1 (v128.const f32x4 0 0 0 0))
        (local.set $d (i32.const 0))
        (local.set $end (local.get $stride))
        (loop $lanes
          (local.set $acc0
            (f32x4.add (local.get $acc0)
              (f32x4.mul
                (v128.load (i32.add (local.get $qa) (local.get $d)))
                (v128.load (i32.add (local.get $b) (local.get $d))))))
          (local.set $acc1
            (f32x4.add (local.get $acc1)
              (f32x4.mul
                (v128.load offset=16 (i32.add (local.get $qa) (local.get $d)))
                (v128.load offset=16 (i32.add (local.get $b) (local.get $d))))))
          (local.set $d (i32.add (local.get $d) (i32.const 32)))
          (br_if $lanes (i32.lt_u (local.get $d) (local.get $end))))
        (local.set $acc0 (f32x4.add (local.get $acc0) (local.get $acc1)))
        (f32.store (local.get $out)
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $acc0)) (f32x4.extract_lane 1 (local.get $acc0)))
            (f32.add (f32x4.extract_lane 2 (local.get $acc0)) (f32x4.extract_lane 3 (local.get $acc0)))))
        (local.set $ids (i32.add (local.get $ids) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $m (i32.sub (local.get $m) (i32.const 1)))
        (br $rows)))))
