import React from 'react';

export function CheckoutForm() {
  // TODO(RM-30): label every input for screen readers
  return (
    <form>
      {/* FIXME: the date picker traps keyboard focus */}
      <input name="card" />
    </form>
  );
}

// TODO(#42): announce card errors to screen readers
export const ERROR_REGION = 'card-errors';
