import { useRef, useState, type CSSProperties, type DragEvent } from 'react';
import type { Transfer } from '../core/files/types.js';
import { useSendFile } from '../hooks/useSendFile.js';

/**
 * Every visible string of {@link FileDropZone}.
 * @example
 * <FileDropZone toUserId={2} labels={{ prompt: 'Déposez un fichier ou choisissez-en un' }} />
 */
export interface FileDropZoneLabels {
  prompt: string;
  dragging: string;
}

const DEFAULT_LABELS: FileDropZoneLabels = {
  prompt: 'Drop files here or choose files',
  dragging: 'Release to send',
};

/**
 * Props of {@link FileDropZone}.
 * @example
 * <FileDropZone toUserId={2} metadata={{ chatId: 'c1' }} onSend={(transfers) => show(transfers)} />
 */
export interface FileDropZoneProps {
  /** Send dropped or chosen files to this user (through `useSendFile`). */
  toUserId?: string | number;
  /** Sent with each file. */
  metadata?: Record<string, unknown>;
  /** Called with the transfers started for the files. */
  onSend?: (transfers: Transfer[]) => void;
  /** Take the files yourself instead (nothing is sent then). */
  onFiles?: (files: File[]) => void;
  disabled?: boolean;
  multiple?: boolean;
  labels?: Partial<FileDropZoneLabels>;
  className?: string;
  style?: CSSProperties;
}

/**
 * A drop target with a keyboard-reachable "choose files" button; dropped or chosen files are
 * sent to `toUserId`. `data-state` is `idle`, `dragging` or `disabled`.
 * @example
 * <FileDropZone toUserId={peerId} />
 */
export function FileDropZone({ toUserId, metadata, onSend, onFiles, disabled = false, multiple = true, labels, className, style }: FileDropZoneProps) {
  const send = useSendFile();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const l = { ...DEFAULT_LABELS, ...labels };
  const take = (list: FileList | null) => {
    const files = [...(list ?? [])].slice(0, multiple ? undefined : 1);
    if (disabled || files.length === 0) return;
    if (onFiles) return onFiles(files);
    if (toUserId === undefined) return;
    // Send first: `onSend?.(...)` alone would skip evaluating its argument when there is no onSend.
    const transfers = files.map((file) => send({ toUserId, file, ...(metadata ? { metadata } : {}) }));
    onSend?.(transfers);
  };
  const over = (e: DragEvent) => {
    if (disabled) return;
    e.preventDefault();
    setDragging(true);
  };
  const state = disabled ? 'disabled' : dragging ? 'dragging' : 'idle';
  return (
    <div
      data-state={state}
      className={className}
      onDragEnter={over}
      onDragOver={over}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        take(e.dataTransfer.files);
      }}
      style={{
        display: 'grid',
        placeItems: 'center',
        padding: 12,
        borderRadius: 6,
        border: `2px dashed ${dragging ? 'var(--askless-file-bar, #1d4ed8)' : 'var(--askless-file-border, #6b7280)'}`,
        font: 'var(--askless-font, inherit)',
        ...style,
      }}
    >
      <button type="button" disabled={disabled} onClick={() => input.current?.click()}>
        {dragging ? l.dragging : l.prompt}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        multiple={multiple}
        disabled={disabled}
        aria-label={l.prompt}
        onChange={(e) => {
          take(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
    </div>
  );
}
