import { useRef, useState, type HTMLAttributes } from 'react';

export type HeldOrder = {
  /** The order to keep while the pointer or the focus is in the list; null when free to sort. */
  order: readonly string[] | null;
  handlers: Pick<HTMLAttributes<HTMLUListElement>, 'onPointerEnter' | 'onPointerLeave' | 'onFocus' | 'onBlur'>;
  release(where: 'pointer' | 'focus'): void;
};

/**
 * Holds the rows' order (`current`, by URI) while the pointer is over the list or the focus is
 * in it, so a buddy coming online does not move the row being clicked or tabbed through
 * (see keepOrder). It sorts again once both have left.
 */
export function useHeldOrder(current: readonly string[]): HeldOrder {
  const [order, setOrder] = useState<readonly string[] | null>(null);
  const inside = useRef({ pointer: false, focus: false });
  const set = (where: 'pointer' | 'focus', on: boolean) => {
    inside.current[where] = on;
    const holding = inside.current.pointer || inside.current.focus;
    setOrder((held) => (holding ? (held ?? current) : null));
  };
  return {
    order,
    handlers: {
      onPointerEnter: () => set('pointer', true),
      onPointerLeave: () => set('pointer', false),
      onFocus: () => set('focus', true),
      onBlur: (event) => {
        if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget))) set('focus', false);
      },
    },
    release: (where) => set(where, false),
  };
}
