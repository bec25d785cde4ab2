import { useId, useRef, useState, type DragEvent } from 'react';
import './fileDrop.css';

export interface FileDropProps {
  /** the input's accept attribute, e.g. ".onnx" or ".npy,.npz,.json" */
  accept: string;
  label: string;
  onFiles: (files: File[]) => void;
  multiple?: boolean;
}

/** A drop zone with a real file button: drag files in, or Tab to the button and press Enter. */
export function FileDrop({ accept, label, onFiles, multiple = false }: FileDropProps) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const hintId = useId();

  const take = (list: FileList | null) => {
    const files = list ? [...list] : [];
    if (files.length) onFiles(multiple ? files : files.slice(0, 1));
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    take(e.dataTransfer.files);
  };

  return (
    <div
      className={over ? 'file-drop over' : 'file-drop'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <button
        type="button"
        className="btn"
        aria-describedby={hintId}
        onClick={() => input.current?.click()}
      >
        {label}
      </button>
      <span id={hintId} className="muted">
        or drop {multiple ? 'files' : 'a file'} here ({accept})
      </span>
      <input
        ref={input}
        type="file"
        accept={accept}
        multiple={multiple}
        aria-label={label}
        hidden
        onChange={(e) => {
          take(e.currentTarget.files);
          e.currentTarget.value = ''; // picking the same file again still fires change
        }}
      />
    </div>
  );
}
