import { Text, View } from '@tarojs/components'
import { Btn as Button, Tap, TextBox } from './A11y'
import { useState } from 'react'
import type { Rating } from '../../types/appeal'

const WORDS = ['很不满意', '不满意', '一般', '满意', '很满意']

/** Rate 1–5 with an optional comment, once, after closing. */
export default function RatingBox({ rating, busy, onRate }: { rating: Rating | null; busy: boolean; onRate: (score: 1 | 2 | 3 | 4 | 5, comment: string) => void }) {
  const [score, setScore] = useState<number>(0)
  const [comment, setComment] = useState('')
  if (rating) {
    return (
      <View id='rating-done'>
        <Text>
          您的评价：{'★'.repeat(rating.score)}
          {'☆'.repeat(5 - rating.score)}（{rating.score} 分，{WORDS[rating.score - 1]}）
        </Text>
        {rating.comment ? <Text className='muted'>「{rating.comment}」</Text> : null}
      </View>
    )
  }
  return (
    <View id='rating-form'>
      <View className='rating__stars' role='radiogroup' aria-label='评分'>
        {[1, 2, 3, 4, 5].map((n) => (
          <Tap
            key={n}
            id={`rate-${n}`}
            role='radio'
            checked={score === n}
            label={`${n} 分 ${WORDS[n - 1]}`}
            className={`rating__star ${n <= score ? 'rating__star--on' : ''}`}
            onClick={() => setScore(n)}
          >
            <Text aria-hidden='true'>{n <= score ? '★' : '☆'}</Text>
            <Text className='rating__n'>{n}</Text>
          </Tap>
        ))}
      </View>
      <Text className='muted'>{score ? `${score} 分：${WORDS[score - 1]}` : '请点星星打分（1–5 分）'}</Text>
      <TextBox id='rate-comment' label='想说的话（选填）' className='field__textarea' value={comment} maxlength={200} placeholder='例如：办理很快' onInput={setComment} />
      <Button
        className={`btn btn--primary${!score || busy ? ' btn--disabled' : ''}`}
        id='btn-rate'
        disabled={!score || busy}
        onClick={() => score && onRate(score as 1 | 2 | 3 | 4 | 5, comment)}
      >
        提交评价
      </Button>
    </View>
  )
}
