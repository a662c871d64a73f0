/**
 * Who an alert is about. Names repeat across a fleet (two Bellas, two Brunos), so the pet id is
 * always shown next to the name, and the breed where the caller has room for it.
 */
import type { PetTwin } from '../../src/analysis/engine-contract.ts';

type Props = {
  petId: string;
  pet: PetTwin | undefined;
  onOpen: (petId: string) => void;
  /** Also show "dog · Labrador" (feed rows have room; toasts put it on their own line). */
  withBreed?: boolean;
  className?: string;
};

export function PetLabel({ petId, pet, onOpen, withBreed = false, className }: Props) {
  const p = pet?.profile;
  const name = p?.name ?? petId;
  return (
    <span className={className ? `pet-label ${className}` : 'pet-label'} data-testid="pet-label">
      <button type="button" className="link pet-label-name" title={`Open ${name} (${petId})`} onClick={() => onOpen(petId)}>
        {name}
      </button>
      {name !== petId ? <small className="pet-label-id"> · {petId}</small> : null}
      {withBreed && p ? <small className="pet-label-breed"> · {p.breed}</small> : null}
    </span>
  );
}
